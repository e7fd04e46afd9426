package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * A staircase of arrival rates (open model), for a plot of throughput and latency against offered
 * load. Not a pass/fail test: it has no assertions.
 *
 * <p>{@code -Dsteps} requests per second, comma-separated (default 250,500,1000,2000,4000,8000),
 * each for {@code -Dstep.duration} s (default 10) followed by {@code -Dstep.gap} idle seconds
 * (default 3) so that one step's backlog mostly drains before the next. A {@code -Dstep.warmup} s
 * ramp to the first step's rate (default 10) warms both JVMs up first and is not counted. Requests count in the step
 * they were sent in. Writes {@code target/loadtest/OfferedLoad-steps.csv}: offered, sent and answered
 * rates by status, and response-time percentiles (all answers, and 200s alone) measured from each
 * request's scheduled start, so that time spent waiting in the client counts too.
 */
public class OfferedLoad extends Simulation {

    private static final String STEP = "step";

    private final double[] steps = parseSteps(LoadConfig.string("steps", "250,500,1000,2000,4000,8000"));
    private final int stepSeconds = LoadConfig.positiveInt("step.duration", 10);
    private final int gapSeconds = LoadConfig.seconds("step.gap", 3);
    private final int warmupSeconds = LoadConfig.seconds("step.warmup", 10);
    private final String path = "/topics/" + LoadConfig.string("topic", "lt-offered");
    private final Produce produce = Produce.fromProperties();
    private final Timeline clock = new Timeline(warmupSeconds + steps.length * (stepSeconds + gapSeconds) + 600);
    private final StepStats[] stats = new StepStats[steps.length];

    {
        for (int i = 0; i < steps.length; i++) {
            stats[i] = new StepStats();
        }
        List<OpenInjectionStep> injection = new ArrayList<>();
        if (warmupSeconds > 0) {
            injection.add(rampUsersPerSec(steps[0] / 10).to(steps[0]).during(LoadConfig.duration(warmupSeconds)));
            injection.add(nothingFor(LoadConfig.duration(Math.max(1, gapSeconds))));
        }
        for (double rate : steps) {
            injection.add(constantUsersPerSec(rate).during(LoadConfig.duration(stepSeconds)));
            if (gapSeconds > 0) {
                injection.add(nothingFor(LoadConfig.duration(gapSeconds)));
            }
        }
        ScenarioBuilder offered = scenario("offered load")
                .exec(session -> Recorded.started(session.set(STEP, stepAt(clock.now()))))
                .exec(produce.request("produce", path, 200, 429, 503))
                .exec(exec(session -> {
                    int step = session.getInt(STEP);
                    if (step >= 0) {
                        stats[step].record(Produce.statusOf(session), Recorded.sinceStart(session));
                    }
                    return session;
                }));
        System.out.printf(Locale.ROOT, "OfferedLoad: %s requests/s, %d s each with %d s gaps, %d records per request, at %s%s%n",
                Arrays.toString(steps), stepSeconds, gapSeconds, produce.recordsPerRequest(), LoadConfig.url(), path);
        setUp(offered.injectOpen(injection).protocols(Produce.protocol(true)))
                .maxDuration(LoadConfig.duration(warmupSeconds + steps.length * (stepSeconds + gapSeconds) + 120));
    }

    /** The step a request sent at {@code second} belongs to; -1 during the warm-up. */
    private int stepAt(int second) {
        int measured = second - (warmupSeconds > 0 ? warmupSeconds + Math.max(1, gapSeconds) : 0);
        return measured < 0 ? -1 : Math.min(steps.length - 1, measured / (stepSeconds + gapSeconds));
    }

    private static double[] parseSteps(String text) {
        try {
            double[] rates = Arrays.stream(text.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
            if (rates.length > 0 && Arrays.stream(rates).allMatch(r -> r > 0)) {
                return rates;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-Dsteps=" + text + " (expected: requests per second, comma-separated, each > 0)");
    }

    @Override
    public void before() {
        Warmup.paths(path);
        clock.start();
    }

    @Override
    public void after() {
        StringBuilder csv = new StringBuilder("offered_rps,records_per_request,sent_rps,ok_rps,ok_records_per_s,shed_rps,"
                + "unavailable_rps,error_rps,p50_ms,p90_ms,p99_ms,max_ms,ok_p50_ms,ok_p99_ms\n");
        for (int i = 0; i < steps.length; i++) {
            StepStats s = stats[i];
            double seconds = stepSeconds;
            Histogram all = s.all.copy();
            Histogram ok = s.okLatency.copy();
            csv.append(String.format(Locale.ROOT, "%.0f,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d,%d,%d%n",
                    steps[i], produce.recordsPerRequest(), s.sent.sum() / seconds, s.ok.sum() / seconds,
                    s.ok.sum() * produce.recordsPerRequest() / seconds, s.shed.sum() / seconds,
                    s.unavailable.sum() / seconds, s.other.sum() / seconds,
                    all.getValueAtPercentile(50), all.getValueAtPercentile(90), all.getValueAtPercentile(99),
                    all.getMaxValue(), ok.getValueAtPercentile(50), ok.getValueAtPercentile(99)));
        }
        System.out.println();
        System.out.print(csv);
        System.out.println("(written to " + Timeline.write("OfferedLoad-steps.csv", csv.toString()) + ")");
    }

    /** What one step's requests got. Thread-safe. */
    private static final class StepStats {
        final LongAdder sent = new LongAdder();
        final LongAdder ok = new LongAdder();
        final LongAdder shed = new LongAdder();
        final LongAdder unavailable = new LongAdder();
        final LongAdder other = new LongAdder();
        final ConcurrentHistogram all = new ConcurrentHistogram(3_600_000L, 3);
        final ConcurrentHistogram okLatency = new ConcurrentHistogram(3_600_000L, 3);

        void record(int status, long millis) {
            sent.increment();
            switch (status) {
                case 200 -> ok.increment();
                case 429 -> shed.increment();
                case 503 -> unavailable.increment();
                default -> other.increment();
            }
            if (millis >= 0) {
                all.recordValue(Math.min(millis, 3_600_000L));
                if (status == 200) {
                    okLatency.recordValue(Math.min(millis, 3_600_000L));
                }
            }
        }
    }
}
