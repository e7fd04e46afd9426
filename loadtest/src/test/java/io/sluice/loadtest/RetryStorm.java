package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

/**
 * The same surge twice, first with "polite" clients that honour Retry-After and back off
 * exponentially with jitter, then with "eager" clients that retry at once: how bursty the retries
 * arrive (peak-to-mean of retries per second) and how long the gateway takes to recover.
 *
 * <p>Each round: {@code -Dstorm.factor} × C (default 3) for {@code -Dstorm.duration} s (default
 * 20), then {@code -Dcalm.factor} × C (default 0.5) for {@code -Dcalm.duration} s (default 30); the
 * eager round starts {@code -Dgap} s (default 10) after the last polite client is done. A client
 * retries 429, 503 and time-outs up to {@code -Dmax.attempts} attempts in all (default 8); polite
 * ones wait max(Retry-After, b) + uniform(0, b) with b = min({@code -Dbackoff.max.ms},
 * {@code -Dbackoff.base.ms} × 2^(attempt-1)) (defaults 10000 and 100). Recovery time: from the end
 * of the surge to the first of three seconds with no 429/503 and 200s at 90 % of the calm rate.
 * Writes {@code RetryStorm-timeline.csv} and {@code RetryStorm-summary.csv} under target/loadtest.
 * Assertion: no answer other than 200, 429 or 503 and no time-out; polite clients recover within
 * {@code -Drecovery.max} s (default 30).
 */
public class RetryStorm extends Simulation {

    private static final String ATTEMPT = "attempt";
    private static final String DONE = "done";
    private static final String DELAY = "delayMillis";
    private static final String[] KINDS = {"polite", "eager"};

    private final double capacity = LoadConfig.capacity();
    private final double stormRate = LoadConfig.positive("storm.factor", 3) * capacity;
    private final int stormSeconds = LoadConfig.seconds("storm.duration", 20);
    private final double calmRate = LoadConfig.positive("calm.factor", 0.5) * capacity;
    private final int calmSeconds = LoadConfig.seconds("calm.duration", 30);
    private final int gapSeconds = LoadConfig.seconds("gap", 10);
    private final int maxAttempts = LoadConfig.positiveInt("max.attempts", 8);
    private final long backoffBase = LoadConfig.positiveInt("backoff.base.ms", 100);
    private final long backoffMax = LoadConfig.positiveInt("backoff.max.ms", 10_000);
    private final int recoveryMax = LoadConfig.seconds("recovery.max", 30);
    private final long recoveryLatency = LoadConfig.positiveInt("recovery.latency.ms", 500);
    private final String path = "/topics/" + LoadConfig.string("topic", "lt-retry");
    private final Produce produce = Produce.fromProperties();
    private final Timeline timeline = new Timeline(2 * (stormSeconds + calmSeconds) + gapSeconds + 900);
    private final Map<String, AtomicInteger> firstSecond = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> succeeded = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> gaveUp = new ConcurrentHashMap<>();

    {
        System.out.printf(Locale.ROOT, "RetryStorm: polite then eager clients, each %.0f/s for %d s then %.0f/s for %d s, at %s%s%n",
                stormRate, stormSeconds, calmRate, calmSeconds, LoadConfig.url(), path);
        ScenarioBuilder polite = scenario("polite clients").exec(client("polite", true));
        ScenarioBuilder eager = scenario("eager clients").exec(client("eager", false));
        List<OpenInjectionStep> eagerInjection = new ArrayList<>();
        if (gapSeconds > 0) {
            eagerInjection.add(nothingFor(LoadConfig.duration(gapSeconds)));
        }
        eagerInjection.addAll(round());
        long worstClientSeconds = maxAttempts * (2 * backoffMax + 30_000) / 1000;
        setUp(polite.injectOpen(round()).andThen(eager.injectOpen(eagerInjection)))
                .protocols(Produce.protocol(true))
                .maxDuration(Duration.ofSeconds(2 * (stormSeconds + calmSeconds + worstClientSeconds) + gapSeconds))
                .assertions(global().failedRequests().count().is(0L));
    }

    private List<OpenInjectionStep> round() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        steps.add(constantUsersPerSec(stormRate).during(LoadConfig.duration(stormSeconds)));
        if (calmSeconds > 0) {
            steps.add(constantUsersPerSec(calmRate).during(LoadConfig.duration(calmSeconds)));
        }
        return steps;
    }

    private ChainBuilder client(String kind, boolean polite) {
        return exec(session -> {
            firstSecond.computeIfAbsent(kind, k -> new AtomicInteger(timeline.now()));
            return session.set(ATTEMPT, 0).set(DONE, false).set(DELAY, 0L);
        }).asLongAs(session -> !session.getBoolean(DONE)).on(
                exec(session -> {
                    timeline.sent(kind, session.getInt(ATTEMPT) > 0);
                    return Produce.forgetAnswer(session);
                })
                .exec(produce.request(kind, path, 200, 429, 503))
                .exec(session -> answered(kind, polite, session))
                .exec(doIf(session -> session.getLong(DELAY) > 0)
                        .then(pause(session -> Duration.ofMillis(session.getLong(DELAY))))));
    }

    private Session answered(String kind, boolean polite, Session session) {
        int status = Produce.statusOf(session);
        timeline.answered(kind, status, Produce.responseMillisOf(session));
        int attempt = session.getInt(ATTEMPT) + 1;
        boolean retryable = status == 429 || status == 503 || status == -1;
        boolean retry = retryable && attempt < maxAttempts;
        if (status == 200) {
            counter(succeeded, kind).increment();
        } else if (!retry) {
            counter(gaveUp, kind).increment();
        }
        long delay = retry && polite ? backoff(attempt, Produce.retryAfterMillis(session)) : 0;
        return session.set(ATTEMPT, attempt).set(DONE, !retry).set(DELAY, delay).markAsSucceeded();
    }

    /** max(Retry-After, b) + uniform(0, b), b = min(max, base × 2^(attempt-1)). */
    private long backoff(int attempt, long retryAfterMillis) {
        long exponential = Math.min(backoffMax, backoffBase << Math.min(attempt - 1, 20));
        return Math.max(retryAfterMillis, exponential) + ThreadLocalRandom.current().nextLong(exponential + 1);
    }

    private static LongAdder counter(Map<String, LongAdder> counters, String kind) {
        return counters.computeIfAbsent(kind, k -> new LongAdder());
    }

    @Override
    public void before() {
        Warmup.paths(path);
        timeline.start();
    }

    @Override
    public void after() {
        timeline.writeCsv("RetryStorm-timeline.csv");
        Verdict verdict = new Verdict("RetryStorm");
        verdict.note("capacity C = %.0f requests/s; surge %.0f/s for %d s, then %.0f/s for %d s; up to %d attempts",
                capacity, stormRate, stormSeconds, calmRate, calmSeconds, maxAttempts);
        StringBuilder csv = new StringBuilder("clients,first_attempts,retries,retry_peak_per_s,retry_mean_per_s,"
                + "retry_peak_to_mean,arrival_peak_per_s,shed_429,unavailable_503,no_answer_or_other,succeeded,gave_up,"
                + "recovery_s\n");
        long retriesInAll = 0;
        for (String kind : KINDS) {
            AtomicInteger first = firstSecond.get(kind);
            if (first == null) {
                verdict.note("%s: never started", kind);
                continue;
            }
            int from = first.get();
            List<Timeline.Second> seconds = timeline.seconds(kind).stream().filter(s -> s.second() >= from).toList();
            long retries = seconds.stream().mapToLong(Timeline.Second::retries).sum();
            long sent = seconds.stream().mapToLong(Timeline.Second::sent).sum();
            long shed = seconds.stream().mapToLong(Timeline.Second::shed).sum();
            long unavailable = seconds.stream().mapToLong(Timeline.Second::unavailable).sum();
            long other = seconds.stream().mapToLong(Timeline.Second::other).sum();
            retriesInAll += retries;
            long retryPeak = seconds.stream().mapToLong(Timeline.Second::retries).max().orElse(0);
            long arrivalPeak = seconds.stream().mapToLong(Timeline.Second::sent).max().orElse(0);
            int firstRetry = seconds.stream().filter(s -> s.retries() > 0).mapToInt(Timeline.Second::second).min().orElse(-1);
            int lastRetry = seconds.stream().filter(s -> s.retries() > 0).mapToInt(Timeline.Second::second).max().orElse(-1);
            double retryMean = firstRetry < 0 ? 0 : (double) retries / (lastRetry - firstRetry + 1);
            double peakToMean = retryMean == 0 ? 0 : retryPeak / retryMean;
            int stormEnd = from + stormSeconds;
            int recovered = timeline.recoveredAt(kind, stormEnd, 3, 0.9 * calmRate, recoveryLatency);
            int recovery = recovered < 0 ? -1 : recovered - stormEnd;
            long ok = counter(succeeded, kind).sum();
            long failed = counter(gaveUp, kind).sum();
            verdict.note("%s: %d first attempts, %d retries (peak %d/s, mean %.1f/s over %d s, peak-to-mean %.2f), "
                            + "arrivals peak %d/s, answers 429: %d, 503: %d, other or none: %d; %d clients succeeded, "
                            + "%d gave up, recovery %s",
                    kind, sent - retries, retries, retryPeak, retryMean, firstRetry < 0 ? 0 : lastRetry - firstRetry + 1,
                    peakToMean, arrivalPeak, shed, unavailable, other, ok, failed, recovery < 0 ? "none" : recovery + " s");
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%.1f,%.2f,%d,%d,%d,%d,%d,%d,%d%n", kind, sent - retries,
                    retries, retryPeak, retryMean, peakToMean, arrivalPeak, shed, unavailable, other, ok, failed, recovery));
            if (kind.equals("polite")) {
                verdict.check(recovery >= 0 && recovery <= recoveryMax,
                        "polite clients: full service within " + recoveryMax + " s of the surge's end",
                        recovery < 0 ? "not recovered" : "%d s", recovery);
            }
        }
        boolean anyShed = timeline.seconds("polite").stream().anyMatch(s -> s.shed() > 0)
                || timeline.seconds("eager").stream().anyMatch(s -> s.shed() > 0);
        if (retriesInAll == 0) {
            verdict.note("no retries at all: the surge did not make the gateway refuse anything "
                    + "(raise -Dstorm.factor, or slow the broker down)");
        } else if (!anyShed) {
            verdict.note("no 429 at all: every retry followed a 503 (connection limit or Kafka unavailable) or no "
                    + "answer; admission control did not engage (see loadtest/conf/shedding.conf)");
        }
        Timeline.write("RetryStorm-summary.csv", csv.toString());
        verdict.finish();
    }
}
