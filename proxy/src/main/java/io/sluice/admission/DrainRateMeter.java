package io.sluice.admission;

import java.util.function.LongSupplier;

/**
 * The recent rate at which Kafka takes records off the gateway's hands, in bytes and records per
 * second, as an exponentially weighted moving average of periodic samples of two monotonic
 * counters. Retry-After is derived from it: queued bytes divided by this rate is how long the
 * backlog takes to drain.
 *
 * <p>{@link #sample} is called by one scheduling thread; the rates are volatile and may be read
 * from any thread.
 */
public final class DrainRateMeter {

    /** Weight of the newest sample; about the last second counts when sampled every 100 ms. */
    private static final double ALPHA = 0.2;

    private final LongSupplier drainedBytes;
    private final LongSupplier drainedRecords;
    private long lastBytes;
    private long lastRecords;
    private long lastNanos;
    private volatile double bytesPerSecond;
    private volatile double recordsPerSecond;

    public DrainRateMeter(LongSupplier drainedBytes, LongSupplier drainedRecords, long nowNanos) {
        this.drainedBytes = drainedBytes;
        this.drainedRecords = drainedRecords;
        this.lastBytes = drainedBytes.getAsLong();
        this.lastRecords = drainedRecords.getAsLong();
        this.lastNanos = nowNanos;
    }

    /** Takes a sample at {@code nowNanos}; call at a steady interval. */
    public void sample(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed <= 0) {
            return;
        }
        long bytes = drainedBytes.getAsLong();
        long records = drainedRecords.getAsLong();
        double seconds = elapsed / 1e9;
        bytesPerSecond = ALPHA * ((bytes - lastBytes) / seconds) + (1 - ALPHA) * bytesPerSecond;
        recordsPerSecond = ALPHA * ((records - lastRecords) / seconds) + (1 - ALPHA) * recordsPerSecond;
        lastBytes = bytes;
        lastRecords = records;
        lastNanos = nowNanos;
    }

    public double bytesPerSecond() {
        return bytesPerSecond;
    }

    public double recordsPerSecond() {
        return recordsPerSecond;
    }
}
