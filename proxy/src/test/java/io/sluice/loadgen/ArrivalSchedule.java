package io.sluice.loadgen;

/**
 * The send times of an open-model load at a fixed rate: request {@code i} is due at
 * {@code start + i / rate}, computed from the start for every request so that rounding never
 * accumulates into drift. The first {@code warmUpCount} requests are the warm-up.
 *
 * <p>Immutable, and so safe to use from any thread.
 */
final class ArrivalSchedule {

    private final long startNanos;
    private final double perSecond;
    private final long warmUpCount;
    private final long count;

    ArrivalSchedule(long startNanos, double perSecond, double warmUpSeconds, double measuredSeconds) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0)");
        }
        if (!(warmUpSeconds >= 0)) {
            throw new IllegalArgumentException("warmUpSeconds: " + warmUpSeconds + " (expected: >= 0)");
        }
        if (!(measuredSeconds > 0)) {
            throw new IllegalArgumentException("measuredSeconds: " + measuredSeconds + " (expected: > 0)");
        }
        this.startNanos = startNanos;
        this.perSecond = perSecond;
        this.warmUpCount = Math.round(warmUpSeconds * perSecond);
        this.count = warmUpCount + Math.max(1, Math.round(measuredSeconds * perSecond));
    }

    /** The time ({@link System#nanoTime()} scale) at which request {@code index} is due. */
    long dueAt(long index) {
        return startNanos + Math.round(index * 1e9 / perSecond);
    }

    /** Requests in the whole schedule, warm-up included. */
    long count() {
        return count;
    }

    /** Requests in the warm-up; they come first. */
    long warmUpCount() {
        return warmUpCount;
    }

    /** Requests due at or after this time are measured. */
    long measuredFromNanos() {
        return dueAt(warmUpCount);
    }

    double perSecond() {
        return perSecond;
    }
}
