package io.sluice.kafka;

import io.sluice.metrics.RateLimitedLog;
import io.sluice.ring.DeliveryError;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Whether Kafka currently takes records, judged from delivery outcomes: after a delivery fails
 * because Kafka is unavailable, Kafka counts as down until the next acknowledgement. The gateway
 * uses this to answer 503 at once instead of queueing requests that would only time out.
 *
 * <p>While Kafka is down, one request per {@link #PROBE_INTERVAL_NANOS} is let through as a probe
 * (like a circuit breaker's half-open state): its acknowledgement is what marks Kafka available
 * again, since without traffic nothing else would.
 *
 * <p>Thread-safe: updated from producer threads, read from event loops. Failures are logged at most
 * once per {@code LOG_INTERVAL}, never per record.
 */
public final class KafkaHealth {

    private static final Logger log = LoggerFactory.getLogger(KafkaHealth.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    static final long PROBE_INTERVAL_NANOS = 500_000_000L;

    private final LongSupplier nanoClock;
    private volatile boolean available = true;
    private volatile long lastAckNanos;
    private final RateLimitedLog failures;
    private final java.util.concurrent.atomic.AtomicLong lastProbeNanos = new java.util.concurrent.atomic.AtomicLong();

    public KafkaHealth(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastAckNanos = nanoClock.getAsLong();
        this.failures = new RateLimitedLog(log, Level.WARN, "record deliveries failed", LOG_INTERVAL_NANOS, nanoClock);
    }

    void onAck() {
        // A volatile read first: the common case writes nothing and keeps the cache line shared.
        if (!available) {
            available = true;
            log.info("Kafka accepts records again");
        }
        lastAckNanos = nanoClock.getAsLong();
    }

    /**
     * Records a failed delivery. {@code clusterAnswering}: the producer's metadata is fresh, so the
     * failure concerns one topic or partition (deleted under load, say), not Kafka as a whole, and
     * must not make the gateway refuse every other topic.
     */
    void onFailure(DeliveryError error, Throwable cause, boolean clusterAnswering) {
        if (error == DeliveryError.KAFKA_UNAVAILABLE && available && !clusterAnswering) {
            available = false;
            log.warn("Kafka unavailable: {}; answering 503 until it acknowledges again", cause.toString());
        }
        failures.record(error, cause);
    }

    /** Marks Kafka down from a probe outside delivery (for example a metadata check at start-up). */
    public void markUnavailable() {
        available = false;
    }

    /** Whether the most recent delivery outcome says Kafka takes records. */
    public boolean isAvailable() {
        return available;
    }

    /**
     * Whether a request may be published now: always while Kafka is available, and once per probe
     * interval while it is not. Thread-safe; at most one caller wins each probe slot.
     */
    public boolean admitsRequest() {
        if (available) {
            return true;
        }
        long now = nanoClock.getAsLong();
        long last = lastProbeNanos.get();
        return now - last >= PROBE_INTERVAL_NANOS && lastProbeNanos.compareAndSet(last, now);
    }

    /** Nanos since the last acknowledgement, by the injected clock. */
    public long nanosSinceLastAck() {
        return nanoClock.getAsLong() - lastAckNanos;
    }
}
