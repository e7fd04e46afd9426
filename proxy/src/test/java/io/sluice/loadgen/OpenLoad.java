package io.sluice.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * An open-model load generator: requests start at a fixed arrival rate whatever the server does
 * (a closed loop would slow down with the server and hide its latency: coordinated omission).
 * Requests in flight are capped; an arrival that finds the cap reached is counted as dropped by
 * the client, not silently delayed.
 *
 * <p>Thread-safe counters; one scheduling thread issues requests, the HTTP client's threads count
 * the answers.
 */
final class OpenLoad {

    /** Counts of one phase. */
    static final class Result {
        final LongAdder ok = new LongAdder();
        final LongAdder tooMany = new LongAdder();
        final LongAdder unavailable = new LongAdder();
        final LongAdder otherStatus = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder droppedByClient = new LongAdder();
        final LongAdder sent = new LongAdder();
        final ConcurrentHistogram okLatencyMicros = new ConcurrentHistogram(3);
        final ConcurrentHistogram shedLatencyMicros = new ConcurrentHistogram(3);
        double seconds;

        double okPerSecond() {
            return ok.sum() / seconds;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "sent %d in %.1f s: 2xx %d (%.0f/s), 429 %d, 503 %d, other %d, errors %d, dropped by client %d;"
                            + " 2xx p50 %.1f ms p99 %.1f ms; 429 p50 %.2f ms p99 %.2f ms",
                    sent.sum(), seconds, ok.sum(), okPerSecond(), tooMany.sum(), unavailable.sum(), otherStatus.sum(),
                    errors.sum(), droppedByClient.sum(),
                    okLatencyMicros.getValueAtPercentile(50) / 1000.0, okLatencyMicros.getValueAtPercentile(99) / 1000.0,
                    shedLatencyMicros.getValueAtPercentile(50) / 1000.0, shedLatencyMicros.getValueAtPercentile(99) / 1000.0);
        }
    }

    private final HttpClient client;
    private final URI target;
    private final byte[] body;
    private final int maxInFlight;

    OpenLoad(URI target, byte[] body, int maxInFlight) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.target = target;
        this.body = body;
        this.maxInFlight = maxInFlight;
    }

    /** Offers {@code perSecond} requests a second for {@code duration}, then waits for the answers. */
    Result run(double perSecond, Duration duration) throws InterruptedException {
        Result result = new Result();
        Semaphore inFlight = new Semaphore(maxInFlight);
        // Holds two tasks, the periodic tick and the shutdown below; nothing else is submitted.
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong issued = new AtomicLong();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long due = (long) ((Math.min(now, end) - start) / 1e9 * perSecond);
            while (issued.get() < due) {
                issued.incrementAndGet();
                if (!inFlight.tryAcquire()) {
                    result.droppedByClient.increment();
                    continue;
                }
                send(result, inFlight);
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        // The phase ends when the ticker stops: shutdown() cancels the periodic task.
        ticker.schedule(ticker::shutdown, duration.toNanos(), TimeUnit.NANOSECONDS);
        ticker.awaitTermination(duration.toSeconds() + 10, TimeUnit.SECONDS);
        result.seconds = (System.nanoTime() - start) / 1e9;
        // Answers still due: every request is answered or fails within the client time-out.
        inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS);
        return result;
    }

    private void send(Result result, Semaphore inFlight) {
        long sentAt = System.nanoTime();
        result.sent.increment();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            long micros = (System.nanoTime() - sentAt) / 1000;
            if (error != null) {
                result.errors.increment();
            } else if (response.statusCode() / 100 == 2) {
                result.ok.increment();
                result.okLatencyMicros.recordValue(micros);
            } else if (response.statusCode() == 429) {
                result.tooMany.increment();
                result.shedLatencyMicros.recordValue(micros);
            } else if (response.statusCode() == 503) {
                result.unavailable.increment();
            } else {
                result.otherStatus.increment();
            }
            inFlight.release();
        });
    }
}
