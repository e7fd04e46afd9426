package io.sluice.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Quantiles of the values recorded during the last complete interval. Any number of threads record
 * into an HdrHistogram {@link Recorder} (wait-free, allocation-free); one thread calls
 * {@link #rotate} at a fixed interval, which takes the values recorded since the previous rotation
 * and computes the quantiles that {@link #value} returns until the next rotation.
 *
 * <p>So a gauge backed by this shows the previous interval, not a decaying all-time figure: with a
 * 5 s interval, a scrape at any moment sees the quantiles of one whole 5 s window that ended at most
 * 5 s ago. An interval with no values gives {@code NaN}.
 *
 * <p>Thread contract: {@link #record} from any thread; {@link #rotate} from one thread at a time;
 * {@link #value} from any thread (it reads an immutable snapshot).
 */
final class IntervalQuantiles {

    /** The quantile that stands for the maximum in {@link #quantiles}. */
    static final double MAX = 1.0;

    private final Recorder recorder;
    private final Histogram interval;
    private final long highestValue;
    private final double[] quantiles;
    private final double unitsPerSecond;
    private volatile double[] snapshot;
    private volatile long lastCount;

    /**
     * @param highestValue   larger values are recorded as this one
     * @param digits         significant decimal digits kept (2 or 3)
     * @param quantiles      the quantiles to compute, in (0, 1]; {@link #MAX} for the maximum
     * @param unitsPerSecond recorded units per second; values are exported in seconds
     */
    IntervalQuantiles(long highestValue, int digits, double[] quantiles, double unitsPerSecond) {
        if (highestValue < 2) {
            throw new IllegalArgumentException("highestValue: " + highestValue + " (expected: >= 2)");
        }
        for (double q : quantiles) {
            if (!(q > 0.0 && q <= 1.0)) {
                throw new IllegalArgumentException("quantile: " + q + " (expected: in (0, 1])");
            }
        }
        this.recorder = new Recorder(1, highestValue, digits);
        this.interval = new Histogram(1, highestValue, digits);
        this.highestValue = highestValue;
        this.quantiles = quantiles.clone();
        this.unitsPerSecond = unitsPerSecond;
        double[] empty = new double[quantiles.length];
        java.util.Arrays.fill(empty, Double.NaN);
        this.snapshot = empty;
    }

    /** Records {@code value}, clamped to [0, highestValue]. Thread-safe, wait-free. */
    void record(long value) {
        recorder.recordValue(value < 0 ? 0 : Math.min(value, highestValue));
    }

    /** Closes the current interval and publishes its quantiles. One caller at a time. */
    void rotate() {
        recorder.getIntervalHistogramInto(interval);
        long count = interval.getTotalCount();
        double[] next = new double[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            if (count == 0) {
                next[i] = Double.NaN;
            } else {
                long value = quantiles[i] == MAX ? interval.getMaxValue() : interval.getValueAtPercentile(quantiles[i] * 100.0);
                next[i] = value / unitsPerSecond;
            }
        }
        lastCount = count;
        snapshot = next;
    }

    /** The quantile number {@code index} of the last complete interval, in seconds, or NaN if it had no values. */
    double value(int index) {
        return snapshot[index];
    }

    /** How many values the last complete interval had. */
    long lastCount() {
        return lastCount;
    }
}
