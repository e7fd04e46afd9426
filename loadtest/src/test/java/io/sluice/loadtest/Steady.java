package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * A constant arrival rate below capacity: every request must succeed, and fast.
 *
 * <p>{@code -Drate} requests per second (default 0.7 × {@code -Dcapacity}) for {@code -Dduration}
 * seconds (default 60) after a {@code -Dramp} second ramp from a tenth of that (default 5; its
 * requests are named "warm-up" and not judged). Assertions on the requests after the ramp: none
 * failed (every answer 200), p99 response time below {@code -Dp99.ms} (default 50).
 */
public class Steady extends Simulation {

    private final double rate = LoadConfig.positive("rate", 0.7 * LoadConfig.capacity());
    private final int duration = LoadConfig.seconds("duration", 60);
    private final int ramp = LoadConfig.seconds("ramp", 5);
    private final int p99Millis = LoadConfig.positiveInt("p99.ms", 50);
    private final String path = "/topics/" + LoadConfig.string("topic", "lt-steady");
    private final Produce produce = Produce.fromProperties();
    private final Timeline timeline = new Timeline(ramp + duration + 600);
    private final Phases phases = Phases.of(Phases.ramp(rate, ramp), Phases.phase("steady", rate, duration));

    private final ScenarioBuilder steady = scenario("steady")
            .exec(phases.nameRequests(timeline))
            .exec(Recorded.once(timeline, "steady",
                    produce.request(session -> session.getString(Produce.NAME), path, 200)));

    {
        System.out.printf("Steady: %.0f requests/s (%d records each) to %s%s for %d s after a %d s ramp%n",
                rate, produce.recordsPerRequest(), LoadConfig.url(), path, duration, ramp);

        setUp(steady.injectOpen(phases.injection()).protocols(Produce.protocol(true)))
                .maxDuration(LoadConfig.duration(ramp + duration + 120))
                .assertions(
                        details(Produce.PRODUCE).failedRequests().count().is(0L),
                        details(Produce.PRODUCE).responseTime().percentile(99.0).lt(p99Millis));
    }

    @Override
    public void before() {
        Warmup.paths(path);
        timeline.start();
    }

    @Override
    public void after() {
        timeline.writeCsv("Steady-timeline.csv");
    }
}
