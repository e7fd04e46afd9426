package io.sluice.admission;

import io.sluice.config.SheddingSettings;
import java.util.function.DoubleSupplier;

/**
 * How long a rejected client should wait: the time the current backlog needs to drain (queued
 * bytes divided by the recent drain rate), clamped to {@code [retry-after.min, retry-after.max]}
 * as the base, then drawn uniformly from {@code [max(min, base / 2), min(max, 1.5 × base))}. The
 * spread keeps clients that were rejected together from coming back together; without it every
 * client would retry in the same second and meet the same full ring. The interval is cut by the
 * bounds, never collapsed onto them, so answers keep differing even when the base sits at a bound.
 *
 * <p>Thread-safe: the random source is supplied per call (the caller's thread-local one), and the
 * drain rate is read through a supplier.
 */
public final class RetryAfterPolicy {

    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier drainBytesPerSecond;

    public RetryAfterPolicy(SheddingSettings settings, DoubleSupplier drainBytesPerSecond) {
        this(settings.retryAfterMin().toMillis(), settings.retryAfterMax().toMillis(), drainBytesPerSecond);
    }

    public RetryAfterPolicy(long minMillis, long maxMillis, DoubleSupplier drainBytesPerSecond) {
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("retry-after: [" + minMillis + ", " + maxMillis
                    + "] ms (expected: 0 < min <= max)");
        }
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.drainBytesPerSecond = drainBytesPerSecond;
    }

    /**
     * The suggested back-off in milliseconds for a backlog of {@code queuedBytes}.
     *
     * @param random01 a uniformly random number in [0, 1)
     */
    public long suggestedBackoffMillis(long queuedBytes, double random01) {
        double rate = drainBytesPerSecond.getAsDouble();
        long expected = rate > 1.0 ? (long) (queuedBytes / rate * 1000.0) : maxMillis;
        long base = clamp(expected);
        long lower = Math.max(minMillis, base / 2);
        long upper = Math.min(maxMillis, base + base / 2);
        return lower + (long) ((upper - lower) * random01);
    }

    /** Whole seconds for the Retry-After header: the back-off rounded up, at least 1. */
    public static long retryAfterSeconds(long backoffMillis) {
        return Math.max(1, (backoffMillis + 999) / 1000);
    }

    private long clamp(long millis) {
        return Math.max(minMillis, Math.min(maxMillis, millis));
    }

    public long minMillis() {
        return minMillis;
    }

    public long maxMillis() {
        return maxMillis;
    }
}
