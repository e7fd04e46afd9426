package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.sluice.loadtest.Phases.phase;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Ten times capacity: the gateway must answer every request (200, or 429/503 when shedding) instead
 * of letting clients time out, keep delivering a useful share of C, stay up, and recover afterwards.
 *
 * <p>Phases: a {@code -Dramp} s ramp to C (default 10), {@code -Dwarmup} s at C (default 10), {@code -Doverload.duration} s at
 * {@code -Doverload.factor} × C (default 30 s at 10), {@code -Dafter.duration} s at 0.8 × C (default
 * 30). After the ramp (requests named "warm-up", not judged), answers other than 200, 429 and 503,
 * and time-outs, fail the run (Gatling assertion on the requests named "produce"). Criteria
 * judged after the run: 200s during the overload at least {@code -Doverload.min.ok} × C per second
 * (default 0.5) and full service again within {@code -Drecovery.max} s (default 10; as in
 * {@link Spike}). One Gatling process on a small machine may not reach 10 × C: the timeline CSV
 * shows what was really sent.
 */
public class Overload extends Simulation {

    private static final String LABEL = "overload";

    private final double capacity = LoadConfig.capacity();
    private final Phases phases = Phases.of(
            Phases.ramp(capacity, LoadConfig.seconds("ramp", 10)),
            phase("before", capacity, LoadConfig.seconds("warmup", 10)),
            phase("overload", LoadConfig.positive("overload.factor", 10) * capacity,
                    LoadConfig.seconds("overload.duration", 30)),
            phase("after", 0.8 * capacity, LoadConfig.seconds("after.duration", 30)));
    private final double minOkFactor = LoadConfig.positive("overload.min.ok", 0.5);
    private final int recoveryMax = LoadConfig.seconds("recovery.max", 10);
    private final long recoveryLatency = LoadConfig.positiveInt("recovery.latency.ms", 500);
    private final String path = "/topics/" + LoadConfig.string("topic", "lt-overload");
    private final Produce produce = Produce.fromProperties();
    private final Timeline timeline = new Timeline(phases.totalSeconds() + 600);

    private final ScenarioBuilder overload = scenario("overload")
            .exec(phases.nameRequests(timeline))
            .exec(Recorded.once(timeline, LABEL, produce.request(session -> session.getString(Produce.NAME), path,
                    200, 429, 503)));

    {
        System.out.println("Overload: " + phases.describe() + " to " + LoadConfig.url() + path);
        setUp(overload.injectOpen(phases.injection()).protocols(Produce.protocol(true)))
                .maxDuration(LoadConfig.duration(phases.totalSeconds() + 120))
                .assertions(details(Produce.PRODUCE).failedRequests().count().is(0L));
    }

    @Override
    public void before() {
        Warmup.paths(path);
        timeline.start();
    }

    @Override
    public void after() {
        timeline.writeCsv("Overload-timeline.csv");
        Verdict verdict = new Verdict("Overload");
        int start = phases.start("overload");
        int end = phases.end("overload");
        var during = timeline.seconds(LABEL).stream().filter(s -> s.second() >= start && s.second() < end).toList();
        int seconds = Math.max(1, end - start);
        double sentRate = during.stream().mapToLong(Timeline.Second::sent).sum() / (double) seconds;
        double okRate = during.stream().mapToLong(Timeline.Second::ok).sum() / (double) seconds;
        double shedRate = during.stream().mapToLong(Timeline.Second::shed).sum() / (double) seconds;
        double unavailableRate = during.stream().mapToLong(Timeline.Second::unavailable).sum() / (double) seconds;
        verdict.note("capacity C = %.0f requests/s; %s", capacity, phases.describe());
        verdict.note("during the overload, per second: %.0f sent, %.0f answered 200, %.0f 429, %.0f 503",
                sentRate, okRate, shedRate, unavailableRate);
        verdict.check(okRate >= minOkFactor * capacity,
                String.format("200s per second during the overload >= %.2f x C = %.0f", minOkFactor, minOkFactor * capacity),
                "%.0f", okRate);
        double afterRate = phases.get("after").rate();
        int recovered = timeline.recoveredAt(LABEL, end, 3, 0.95 * afterRate, recoveryLatency);
        verdict.check(recovered >= 0 && recovered - end <= recoveryMax,
                String.format("full service (3 s with no 429/503, 200s >= %.0f/s, max <= %d ms) within %d s of the overload's end",
                        0.95 * afterRate, recoveryLatency, recoveryMax),
                recovered < 0 ? "not recovered" : "%d s", recovered - end);
        verdict.finish();
    }
}
