package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.GatewayProcess;
import io.sluice.testing.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Soak: a gateway process at -Xmx256m under ~80 % of its measured capacity, with a burst of 10×
 * that rate for 5 s every minute, for {@code -Dsluice.soak.minutes}. Every 10 s it prints the heap
 * after a full GC (jcmd GC.run, GC.heap_info) and the RSS; after warm-up (a quarter of the run, at
 * most 2 minutes) every RSS sample must stay within ±10 % of the first one. Skipped unless the
 * property is set: {@code loadtest/soak/run [minutes]} runs it.
 */
class SoakIT {

    private static final double MINUTES = Double.parseDouble(System.getProperty("sluice.soak.minutes", "0"));
    private static final Duration SAMPLE = Duration.ofSeconds(10);
    private static final int MAX_IN_FLIGHT = 128;
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    @Test
    void memoryStaysFlatUnderSustainedLoadWithBursts() {
        Assumptions.assumeTrue(MINUTES > 0, "set -Dsluice.soak.minutes to run the soak");
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic("soak", 3);
        try (GatewayProcess gateway = GatewayProcess.start(broker.bootstrapServers(), List.of("-Xmx256m", "-XX:+UseG1GC"))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = gateway.uri("/topics/soak");
            double capacity = measureCapacity(client, uri);
            double rate = 0.8 * capacity;
            Faults.record("soak capacity", String.format("%.0f req/s closed-loop; soak rate %.0f req/s, bursts %.0f req/s",
                    capacity, rate, rate * 10));
            long durationNanos = (long) (MINUTES * 60e9);
            long warmUpNanos = Math.min(durationNanos / 4, TimeUnit.MINUTES.toNanos(2));
            Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            List<long[]> samples = new ArrayList<>();
            long start = System.nanoTime();
            long nextSample = start + SAMPLE.toNanos();
            long tick = TimeUnit.MILLISECONDS.toNanos(10);
            double carry = 0;
            long seq = 0;
            while (System.nanoTime() - start < durationNanos) {
                long elapsed = System.nanoTime() - start;
                boolean burst = elapsed % TimeUnit.MINUTES.toNanos(1) >= TimeUnit.SECONDS.toNanos(50)
                        && elapsed % TimeUnit.MINUTES.toNanos(1) < TimeUnit.SECONDS.toNanos(55);
                carry += (burst ? rate * 10 : rate) * tick / 1e9;
                while (carry >= 1) {
                    carry -= 1;
                    if (!inFlight.tryAcquire()) {
                        count(outcomes, "client-limit");
                        continue;
                    }
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "text/plain").header("X-Kafka-Key", "soak-" + seq)
                            .POST(HttpRequest.BodyPublishers.ofString("soak-" + seq++ + ":" + "s".repeat(200))).build();
                    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                        inFlight.release();
                        count(outcomes, e != null ? "error" : Integer.toString(r.statusCode()));
                    });
                }
                if (System.nanoTime() - nextSample >= 0) {
                    nextSample += SAMPLE.toNanos();
                    samples.add(sample(gateway, outcomes, System.nanoTime() - start));
                }
                LockSupport.parkNanos(tick); // pacing of the open-model load
            }
            inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
            List<long[]> steady = samples.stream().filter(s -> s[0] >= warmUpNanos).toList();
            assertThat(steady).as("samples after warm-up").isNotEmpty();
            long reference = steady.get(0)[2];
            long min = steady.stream().mapToLong(s -> s[2]).min().orElseThrow();
            long max = steady.stream().mapToLong(s -> s[2]).max().orElseThrow();
            Faults.record("soak", String.format("%.1f min, RSS after warm-up %d..%d KiB (first %d KiB, %+.1f%% / %+.1f%%), outcomes %s",
                    MINUTES, min, max, reference, 100.0 * (min - reference) / reference, 100.0 * (max - reference) / reference,
                    new TreeMap<>(outcomes)));
            assertThat(outcomes).as("no request failed outright").doesNotContainKey("error");
            assertThat((double) max).as("RSS growth after warm-up").isLessThanOrEqualTo(reference * 1.10);
            assertThat((double) min).as("RSS shrink after warm-up").isGreaterThanOrEqualTo(reference * 0.90);
        }
    }

    /** Closed-loop throughput with MAX_IN_FLIGHT / 4 concurrent requests for 10 s, in requests per second. */
    private static double measureCapacity(HttpClient client, URI uri) {
        LongAdder ok = new LongAdder();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT / 4);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(10);
        long seq = 0;
        while (System.nanoTime() - end < 0) {
            if (!inFlight.tryAcquire()) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // pacing while all clients are busy
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/plain").header("X-Kafka-Key", "cap-" + seq)
                    .POST(HttpRequest.BodyPublishers.ofString("cap-" + seq++ + ":" + "s".repeat(200))).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                if (e == null && r.statusCode() == 200) {
                    ok.increment();
                }
            });
        }
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT / 4);
        inFlight.release(MAX_IN_FLIGHT / 4);
        return ok.sum() / ((System.nanoTime() - start) / 1e9);
    }

    /** {elapsed nanos, heap used after GC KiB, RSS KiB}, printed as it is taken. */
    private static long[] sample(GatewayProcess gateway, Map<String, LongAdder> outcomes, long elapsed) {
        gateway.jcmd("GC.run");
        Matcher heap = HEAP_USED.matcher(gateway.jcmd("GC.heap_info"));
        long used = heap.find() ? Long.parseLong(heap.group(2)) : -1;
        long rss = gateway.rssKib();
        System.out.printf("soak t=%4ds heap-after-gc=%6d KiB rss=%7d KiB outcomes=%s%n", elapsed / 1_000_000_000, used, rss,
                new TreeMap<>(outcomes));
        Faults.record("soak sample", String.format("t=%ds heap-after-gc=%d KiB rss=%d KiB", elapsed / 1_000_000_000, used, rss));
        return new long[] {elapsed, used, rss};
    }

    private static void count(Map<String, LongAdder> outcomes, String what) {
        outcomes.computeIfAbsent(what, k -> new LongAdder()).increment();
    }
}
