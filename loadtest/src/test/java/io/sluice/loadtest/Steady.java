package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * A constant arrival rate below capacity: every request must succeed, and fast.
 *
 * <p>{@code -Drate} requests per second (default 0.7 × {@code -Dcapacity}) for {@code -Dduration}
 * seconds (default 60) after a {@code -Dramp} second ramp (default 5). Assertions: no failed request
 * (every answer 200), p99 response time below {@code -Dp99.ms} (default 50).
 */
public class Steady extends Simulation {

    private final double rate = LoadConfig.positive("rate", 0.7 * LoadConfig.capacity());
    private final int duration = LoadConfig.seconds("duration", 60);
    private final int ramp = LoadConfig.seconds("ramp", 5);
    private final int p99Millis = LoadConfig.positiveInt("p99.ms", 50);
    private final String path = "/topics/" + LoadConfig.string("topic", "lt-steady");
    private final Produce produce = Produce.fromProperties();
    private final Timeline timeline = new Timeline(ramp + duration + 600);

    private final ScenarioBuilder steady = scenario("steady")
            .exec(Recorded.once(timeline, "steady", produce.request("produce", path, 200)));

    {
        List<OpenInjectionStep> injection = new ArrayList<>();
        if (ramp > 0) {
            injection.add(rampUsersPerSec(1).to(rate).during(LoadConfig.duration(ramp)));
        }
        injection.add(constantUsersPerSec(rate).during(LoadConfig.duration(duration)));
        System.out.printf("Steady: %.0f requests/s (%d records each) to %s%s for %d s after a %d s ramp%n",
                rate, produce.recordsPerRequest(), LoadConfig.url(), path, duration, ramp);

        setUp(steady.injectOpen(injection).protocols(Produce.protocol(true)))
                .maxDuration(LoadConfig.duration(ramp + duration + 120))
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(p99Millis));
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
