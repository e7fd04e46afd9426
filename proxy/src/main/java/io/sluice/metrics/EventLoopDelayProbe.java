package io.sluice.metrics;

import java.util.function.LongSupplier;

/**
 * Measures how late an event loop runs a task that it scheduled at a fixed rate: a loop busy with
 * long reads, slow handlers or a flood of tasks runs it late, and every request on that loop waits
 * about as long before the loop gets to it. Lateness is recorded in microseconds.
 *
 * <p>Schedule one instance per event loop with {@code scheduleAtFixedRate(probe, period, period)}.
 * A fixed-rate task's deadlines advance by exactly one period per run, so the probe learns the
 * schedule from its own runs instead of asking the scheduler: the first run sets the phase, and a
 * run that comes earlier than the estimate moves the phase back to it. The estimate is therefore
 * never earlier than the real deadline, and the probe never reports a delay the loop did not have;
 * after the first run on a quiet loop it is exact to within that run's lateness. After a long stall
 * the overdue runs come back to back, each reporting its own, shrinking, lateness.
 *
 * <p>Confined to the event loop that runs it; allocation-free. The shared sink is thread-safe.
 */
final class EventLoopDelayProbe implements Runnable {

    private final IntervalQuantiles sink;
    private final LongSupplier nanoClock;
    private final long periodNanos;
    private boolean started;
    private long dueNanos;

    EventLoopDelayProbe(IntervalQuantiles sink, LongSupplier nanoClock, long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("periodNanos: " + periodNanos + " (expected: > 0)");
        }
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.periodNanos = periodNanos;
    }

    @Override
    public void run() {
        long now = nanoClock.getAsLong();
        if (!started || now - dueNanos < 0) {
            started = true;
            dueNanos = now;
        }
        long late = now - dueNanos;
        dueNanos += periodNanos;
        sink.record(late / 1_000);
    }
}
