package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.sluice.loadtest.Phases.phase;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Capacity C, then 1.5 × C, then 0.8 × C: the gateway may shed the excess with 429 but must keep
 * delivering about C, and must be back to full service within seconds once the spike ends.
 *
 * <p>Phases: a {@code -Dramp} s ramp to C (default 10), {@code -Dwarmup} s at C (default 20), {@code -Dspike.duration} s at
 * {@code -Dspike.factor} × C (default 60 s at 1.5), {@code -Dafter.duration} s at 0.8 × C (default
 * 30). After the ramp (whose requests are named "warm-up" and not judged: a cold client on a small
 * machine is slow at first), answers other than 200 and 429 fail the run (Gatling assertion on the
 * requests named "produce"). Criteria judged after the run:
 * 200s during the spike at least {@code -Dspike.min.ok} × C per second (default 0.95), and within
 * {@code -Drecovery.max} seconds (default 5) after it, three seconds in a row with no 429, 200s at
 * 95 % of the offered rate, and no answer slower than {@code -Drecovery.latency.ms} (default 500).
 * Per-second counts go to {@code target/loadtest/Spike-timeline.csv}.
 */
public class Spike extends Simulation {

    private static final String LABEL = "spike";

    private final double capacity = LoadConfig.capacity();
    private final Phases phases = Phases.of(
            Phases.ramp(capacity, LoadConfig.seconds("ramp", 10)),
            phase("before", capacity, LoadConfig.seconds("warmup", 20)),
            phase("spike", LoadConfig.positive("spike.factor", 1.5) * capacity, LoadConfig.seconds("spike.duration", 60)),
            phase("after", 0.8 * capacity, LoadConfig.seconds("after.duration", 30)));
    private final double minOkFactor = LoadConfig.positive("spike.min.ok", 0.95);
    private final int recoveryMax = LoadConfig.seconds("recovery.max", 5);
    private final long recoveryLatency = LoadConfig.positiveInt("recovery.latency.ms", 500);
    private final String path = "/topics/" + LoadConfig.string("topic", "lt-spike");
    private final Produce produce = Produce.fromProperties();
    private final Timeline timeline = new Timeline(phases.totalSeconds() + 600);

    private final ScenarioBuilder spike = scenario("spike")
            .exec(phases.nameRequests(timeline))
            .exec(Recorded.once(timeline, LABEL, produce.request(session -> session.getString(Produce.NAME), path,
                    200, 429)));

    {
        System.out.println("Spike: " + phases.describe() + " to " + LoadConfig.url() + path);
        setUp(spike.injectOpen(phases.injection()).protocols(Produce.protocol(true)))
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
        timeline.writeCsv("Spike-timeline.csv");
        Verdict verdict = new Verdict("Spike");
        int spikeStart = phases.start("spike");
        int spikeEnd = phases.end("spike");
        double okRate = (double) timeline.okBetween(LABEL, spikeStart, spikeEnd) / Math.max(1, spikeEnd - spikeStart);
        long shed = timeline.seconds(LABEL).stream().mapToLong(Timeline.Second::shed).sum();
        long shedInSpike = timeline.seconds(LABEL).stream()
                .filter(s -> s.second() >= spikeStart && s.second() < spikeEnd).mapToLong(Timeline.Second::shed).sum();
        verdict.note("capacity C = %.0f requests/s; %s", capacity, phases.describe());
        verdict.note("429 answers: %d in all, %d during the spike", shed, shedInSpike);
        verdict.check(okRate >= minOkFactor * capacity,
                String.format("200s per second during the spike >= %.2f x C = %.0f", minOkFactor, minOkFactor * capacity),
                "%.0f", okRate);
        double afterRate = phases.get("after").rate();
        int recovered = timeline.recoveredAt(LABEL, spikeEnd, 3, 0.95 * afterRate, recoveryLatency);
        verdict.check(recovered >= 0 && recovered - spikeEnd <= recoveryMax,
                String.format("full service (3 s with no 429, 200s >= %.0f/s, max <= %d ms) within %d s of the spike's end",
                        0.95 * afterRate, recoveryLatency, recoveryMax),
                recovered < 0 ? "not recovered" : "%d s", recovered - spikeEnd);
        verdict.finish();
    }
}
