package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Bulk traffic at five times capacity next to critical traffic at a tenth of it: the gateway sheds
 * bulk first, and critical requests keep succeeding.
 *
 * <p>Needs a gateway with the routes of {@code loadtest/conf/tiers.conf} ({@code -Dcritical.path},
 * default {@code /v1/critical}, tier critical; {@code -Dbulk.path}, default {@code /v1/bulk}, tier
 * bulk). Bulk ramps up over {@code -Dramp} s (default 10) to {@code -Dbulk.factor} × C (default 5)
 * and stays there for {@code -Dduration} s (default 60); critical runs at {@code -Dcritical.factor} × C
 * (default 0.1) all along. Critical clients each open their own connection, as
 * separate services would; bulk clients share a pool. Assertions: at least {@code -Dcritical.min.ok}
 * % (default 99.9) of critical requests answered 200, critical p99 below {@code -Dcritical.p99.ms}
 * (default 1000); after its ramp, bulk may get 200, 429 or 503 and nothing else.
 */
public class TierIsolation extends Simulation {

    private final double capacity = LoadConfig.capacity();
    private final int duration = LoadConfig.seconds("duration", 60);
    private final int ramp = LoadConfig.seconds("ramp", 10);
    private final double bulkRate = LoadConfig.positive("bulk.factor", 5) * capacity;
    private final double criticalRate = LoadConfig.positive("critical.factor", 0.1) * capacity;
    private final double criticalMinOk = LoadConfig.positive("critical.min.ok", 99.9);
    private final int criticalP99 = LoadConfig.positiveInt("critical.p99.ms", 1000);
    private final String criticalPath = LoadConfig.string("critical.path", "/v1/critical");
    private final String bulkPath = LoadConfig.string("bulk.path", "/v1/bulk");
    private final Produce produce = Produce.fromProperties();
    private final Timeline timeline = new Timeline(ramp + duration + 600);

    private final ScenarioBuilder critical = scenario("critical")
            .exec(Recorded.once(timeline, "critical", produce.request("critical", criticalPath, 200)));
    private final Phases bulkPhases = Phases.of(Phases.ramp(bulkRate, ramp), Phases.phase("bulk", bulkRate, duration));
    private final ScenarioBuilder bulk = scenario("bulk")
            .exec(bulkPhases.nameRequests(timeline))
            .exec(Recorded.once(timeline, "bulk", produce.request(
                    session -> Produce.WARM_UP.equals(session.getString(Produce.NAME)) ? "bulk warm-up" : "bulk",
                    bulkPath, 200, 429, 503)));

    {
        System.out.printf("TierIsolation: bulk %.0f/s to %s, critical %.0f/s to %s, for %d + %d s at %s%n",
                bulkRate, bulkPath, criticalRate, criticalPath, ramp, duration, LoadConfig.url());
        setUp(
                bulk.injectOpen(bulkPhases.injection())
                        .protocols(Produce.protocol(true)),
                critical.injectOpen(constantUsersPerSec(criticalRate).during(LoadConfig.duration(ramp + duration)))
                        .protocols(Produce.protocol(false)))
                .maxDuration(LoadConfig.duration(ramp + duration + 120))
                .assertions(
                        details("critical").successfulRequests().percent().gte(criticalMinOk),
                        details("critical").responseTime().percentile(99.0).lt(criticalP99),
                        details("bulk").failedRequests().count().is(0L));
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
        for (String tier : new String[] {"critical", "bulk"}) {
            var seconds = timeline.seconds(tier);
            verdict.note("%s: %d sent, %d answered 200, %d 429, %d 503, %d other or no answer", tier,
                    seconds.stream().mapToLong(Timeline.Second::sent).sum(),
                    seconds.stream().mapToLong(Timeline.Second::ok).sum(),
                    seconds.stream().mapToLong(Timeline.Second::shed).sum(),
                    seconds.stream().mapToLong(Timeline.Second::unavailable).sum(),
                    seconds.stream().mapToLong(Timeline.Second::other).sum());
        }
        verdict.finish();
    }
}
