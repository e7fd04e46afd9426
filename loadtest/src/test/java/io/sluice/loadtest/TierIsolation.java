package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

/**
 * Bulk traffic at five times capacity next to critical traffic at a tenth of it: the gateway sheds
 * bulk first, and critical requests keep succeeding.
 *
 * <p>Needs a gateway with the routes of {@code loadtest/conf/tiers.conf} ({@code -Dcritical.path},
 * default {@code /v1/critical}, tier critical; {@code -Dbulk.path}, default {@code /v1/bulk}, tier
 * bulk); {@code loadtest/tiers/run} starts one in front of a broker throttled to a known capacity.
 * Bulk ramps up over {@code -Dramp} s (default 10) to C, stays at C for {@code -Dwarmup} s (default
 * 10) so that cold JVMs (client and gateway) are not what is measured, then runs at
 * {@code -Dbulk.factor} × C (default 5) for {@code -Dduration} s (default 60). Critical runs at
 * {@code -Dcritical.factor} × C (default 0.1) all along, each request on a connection of its own, as
 * separate services would; bulk clients share a pool. Requests sent before the overload phase are
 * named {@code warm-up} and not judged. Assertions: at least {@code -Dcritical.min.ok} % (default
 * 99.9) of critical requests answered 200, critical p99 below {@code -Dcritical.p99.ms} (default
 * 2000); bulk may get 200, 429 or 503 and nothing else.
 */
public class TierIsolation extends Simulation {

    private final double capacity = LoadConfig.capacity();
    private final int duration = LoadConfig.seconds("duration", 60);
    private final double bulkRate = LoadConfig.positive("bulk.factor", 5) * capacity;
    private final double criticalRate = LoadConfig.positive("critical.factor", 0.1) * capacity;
    private final double criticalMinOk = LoadConfig.positive("critical.min.ok", 99.9);
    private final int criticalP99 = LoadConfig.positiveInt("critical.p99.ms", 2000);
    private final String criticalPath = LoadConfig.string("critical.path", "/v1/critical");
    private final String bulkPath = LoadConfig.string("bulk.path", "/v1/bulk");
    private final Produce produce = Produce.fromProperties();
    private final Phases phases = Phases.of(
            Phases.ramp(capacity, LoadConfig.seconds("ramp", 10)),
            Phases.phase(Produce.WARM_UP, capacity, LoadConfig.seconds("warmup", 10)),
            Phases.phase("overload", bulkRate, duration));
    private final Timeline timeline = new Timeline(phases.totalSeconds() + 600);

    private final ScenarioBuilder critical = scenario("critical")
            .exec(phases.nameRequests(timeline))
            .exec(Recorded.once(timeline, "critical", produce.request(
                    session -> judged(session) ? "critical" : "critical warm-up", criticalPath, 200)));
    private final ScenarioBuilder bulk = scenario("bulk")
            .exec(phases.nameRequests(timeline))
            .exec(Recorded.once(timeline, "bulk", produce.request(
                    session -> judged(session) ? "bulk" : "bulk warm-up", bulkPath, 200, 429, 503)));

    {
        System.out.printf("TierIsolation: bulk %s to %s; critical %.0f/s to %s all along; at %s%n",
                phases.describe(), bulkPath, criticalRate, criticalPath, LoadConfig.url());
        setUp(
                bulk.injectOpen(phases.injection())
                        .protocols(Produce.protocol(true)),
                critical.injectOpen(constantUsersPerSec(criticalRate).during(LoadConfig.duration(phases.totalSeconds())))
                        .protocols(Produce.protocol(false)))
                .maxDuration(LoadConfig.duration(phases.totalSeconds() + 120))
                .assertions(
                        details("critical").successfulRequests().percent().gte(criticalMinOk),
                        details("critical").responseTime().percentile(99.0).lt(criticalP99),
                        details("bulk").failedRequests().count().is(0L));
    }

    private static boolean judged(Session session) {
        return !Produce.WARM_UP.equals(session.getString(Produce.NAME));
    }

    @Override
    public void before() {
        Warmup.paths(criticalPath, bulkPath);
        timeline.start();
    }

    @Override
    public void after() {
        timeline.writeCsv("TierIsolation-timeline.csv");
        Verdict verdict = new Verdict("TierIsolation");
        int from = phases.start("overload");
        verdict.note("during the overload (seconds %d to %d; Gatling's assertions judge the same requests):",
                from, phases.end("overload"));
        for (String tier : new String[] {"critical", "bulk"}) {
            var seconds = timeline.seconds(tier).stream().filter(s -> s.second() >= from).toList();
            verdict.note("%s: %d sent, %d answered 200, %d 429, %d 503, %d other or no answer; slowest %d ms", tier,
                    seconds.stream().mapToLong(Timeline.Second::sent).sum(),
                    seconds.stream().mapToLong(Timeline.Second::ok).sum(),
                    seconds.stream().mapToLong(Timeline.Second::shed).sum(),
                    seconds.stream().mapToLong(Timeline.Second::unavailable).sum(),
                    seconds.stream().mapToLong(Timeline.Second::other).sum(),
                    seconds.stream().mapToLong(Timeline.Second::maxMillis).max().orElse(0));
        }
        verdict.finish();
    }
}
