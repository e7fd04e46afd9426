package io.sluice.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded pool of closed-loop HTTP clients posting raw records, each keyed by a unique id, and
 * reporting every attempt to an {@link AckedLossChecker}. A failed attempt (non-2xx or no answer)
 * is retried with the same id up to {@code maxAttempts}, as an at-least-once client would.
 *
 * <p>Bounded in every dimension: a fixed number of threads, a hard run-time limit after which they
 * stop by themselves, a client time-out per request. The pause between attempts is pacing, to keep
 * two cores from being swamped by clients that are answered 503 in microseconds; nothing waits on it.
 *
 * <p>Thread-safe: {@link #stop} and the accessors may be called from any thread.
 */
public final class LoadDriver implements AutoCloseable {

    /**
     * Failed attempts kept for the test to inspect. A fault test sees a few thousand at most (every
     * client retrying through an outage); beyond this, a failure is counted and dropped.
     */
    static final int MAX_FAILURES = 100_000;

    /** Client time-out per request: generous, so that a hanging gateway shows up as a long duration. */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    /** One attempt that ended without an HTTP answer. Immutable. */
    public static final class Failure {
        public final String kind;
        public final long startNanos;
        public final long endNanos;
        public final String detail;

        Failure(String kind, long startNanos, long endNanos, String detail) {
            this.kind = kind;
            this.startNanos = startNanos;
            this.endNanos = endNanos;
            this.detail = detail;
        }

        @Override
        public String toString() {
            return kind + "(" + detail + ")";
        }
    }

    private final URI uri;
    private final AckedLossChecker checker;
    private final String idPrefix;
    private final int maxAttempts;
    private final long pacingNanos;
    private final int valueBytes;
    private final long deadlineNanos;
    private final HttpClient client;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Bounded by {@link #MAX_FAILURES}; later failures are only counted ({@link #failuresDropped()}). */
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failuresKept = new AtomicInteger();
    private final AtomicLong failuresDropped = new AtomicLong();

    private LoadDriver(Builder b) {
        this.uri = b.uri;
        this.checker = b.checker;
        this.idPrefix = b.idPrefix;
        this.maxAttempts = b.maxAttempts;
        this.pacingNanos = b.pacing.toNanos();
        this.valueBytes = b.valueBytes;
        this.deadlineNanos = System.nanoTime() + b.maxRunTime.toNanos();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int t = 0; t < b.threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> run(index), "load-" + idPrefix + "-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    public static Builder builder(URI uri, AckedLossChecker checker) {
        return new Builder(uri, checker);
    }

    private void run(int thread) {
        String filler = "v".repeat(valueBytes);
        long seq = 0;
        while (running.get() && System.nanoTime() - deadlineNanos < 0) {
            String id = idPrefix + "-" + thread + "-" + seq++;
            byte[] body = (id + ":" + filler).getBytes(StandardCharsets.UTF_8);
            for (int attempt = 1; attempt <= maxAttempts && running.get(); attempt++) {
                if (send(id, body)) {
                    break;
                }
                LockSupport.parkNanos(pacingNanos * 10); // pacing before a retry
            }
            LockSupport.parkNanos(pacingNanos);
        }
    }

    /** One attempt; returns whether it was acknowledged. */
    private boolean send(String id, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(CLIENT_TIMEOUT)
                .header("Content-Type", "text/plain")
                .header("X-Kafka-Key", id)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            checker.answered(id, response.statusCode(), System.nanoTime() - start);
            return response.statusCode() / 100 == 2;
        } catch (ConnectException e) {
            fail(id, "refused", start, e);
        } catch (HttpTimeoutException e) {
            fail(id, "client-timeout", start, e);
        } catch (IOException e) {
            fail(id, "io-error", start, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
        return false;
    }

    private void fail(String id, String kind, long start, Exception e) {
        long end = System.nanoTime();
        checker.failed(id, kind, end - start);
        if (failuresKept.incrementAndGet() <= MAX_FAILURES) {
            failures.add(new Failure(kind, start, end, String.valueOf(e.getMessage())));
        } else {
            failuresDropped.incrementAndGet();
        }
    }

    /** Failures past {@link #MAX_FAILURES}, counted but not kept. */
    public long failuresDropped() {
        return failuresDropped.get();
    }

    /** Attempts that ended without an HTTP answer, in the order they ended. */
    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Stops the clients and waits for their last attempts (bounded by the client time-out). */
    public void stop() {
        running.set(false);
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.plusSeconds(5).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " still sending " + CLIENT_TIMEOUT.plusSeconds(5)
                        + " after stop (expected: every request ends within the client time-out)");
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Configures a {@link LoadDriver}. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private final AckedLossChecker checker;
        private String idPrefix = "id";
        private int threads = 8;
        private int maxAttempts = 3;
        private Duration pacing = Duration.ofMillis(2);
        private Duration maxRunTime = Duration.ofSeconds(60);
        private int valueBytes = 100;

        private Builder(URI uri, AckedLossChecker checker) {
            this.uri = uri;
            this.checker = checker;
        }

        public Builder idPrefix(String prefix) {
            this.idPrefix = prefix;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: 1..64)");
            }
            this.threads = threads;
            return this;
        }

        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** Pause after each record (and ten times that before a retry). */
        public Builder pacing(Duration pacing) {
            this.pacing = pacing;
            return this;
        }

        /** Hard limit: the clients stop by themselves after this long even if nobody calls stop(). */
        public Builder maxRunTime(Duration maxRunTime) {
            this.maxRunTime = maxRunTime;
            return this;
        }

        public Builder valueBytes(int bytes) {
            this.valueBytes = bytes;
            return this;
        }

        public LoadDriver start() {
            return new LoadDriver(this);
        }
    }
}
