package io.sluice.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs one kind of repeated event (a rejection, a failed delivery) at most once per interval, with
 * the number of events since the previous line and the latest one's details, instead of a line per
 * event: under load, a line per event would cost more than the events themselves and bury
 * everything else in the log.
 * <pre>
 *   WARN  1375 record deliveries failed in the last 1000 ms; latest: KAFKA_UNAVAILABLE (…TimeoutException…)
 * </pre>
 * The first event after a quiet interval is logged at once. Events after the last line stay counted
 * until the next event, which reports them with the time since that line, so no count is lost.
 *
 * <p>Thread-safe and lock-free: any thread may call {@link #record}; one caller per interval wins
 * the right to log. An event that is not logged costs an adder increment and a volatile read, and
 * never formats its details: they are passed as objects and only rendered when a line is written.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final Level level;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    /** Every event ever recorded; monotonic, so an event racing with a line is counted by the next one. */
    private final LongAdder total = new LongAdder();
    private final AtomicLong lastLogNanos;
    /** {@link #total} as of the last line; written only by the caller that won that line. */
    private volatile long reported;

    /**
     * @param what          the event in the plural, as it reads after a count: "record deliveries failed"
     * @param intervalNanos the least time between two lines
     * @param nanoClock     {@code System::nanoTime} in production; tests pass their own
     */
    public RateLimitedLog(Logger logger, Level level, String what, long intervalNanos, LongSupplier nanoClock) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("intervalNanos: " + intervalNanos + " (expected: > 0)");
        }
        this.logger = java.util.Objects.requireNonNull(logger, "logger");
        this.level = java.util.Objects.requireNonNull(level, "level");
        this.what = java.util.Objects.requireNonNull(what, "what");
        this.intervalNanos = intervalNanos;
        this.nanoClock = java.util.Objects.requireNonNull(nanoClock, "nanoClock");
        this.lastLogNanos = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
    }

    /** A limiter that logs at most once a second, by {@code System.nanoTime}. */
    public static RateLimitedLog perSecond(Logger logger, Level level, String what) {
        return new RateLimitedLog(logger, level, what, TimeUnit.SECONDS.toNanos(1), System::nanoTime);
    }

    /** Counts one event; logs a line if the interval has passed. Returns whether it logged. */
    public boolean record(Object latest) {
        return record(latest, null);
    }

    /**
     * Counts one event described by {@code latest} and, optionally, its {@code cause} (rendered
     * with {@code toString()}, never as a stack trace); logs a line if the interval has passed.
     * Returns whether this call logged.
     */
    public boolean record(Object latest, Object cause) {
        total.increment();
        long now = nanoClock.getAsLong();
        long last = lastLogNanos.get();
        long elapsed = now - last;
        if (elapsed < intervalNanos || !lastLogNanos.compareAndSet(last, now)) {
            return false;
        }
        long sum = total.sum();
        long count = sum - reported;
        reported = sum;
        if (!logger.isEnabledForLevel(level)) {
            return true;
        }
        if (cause == null) {
            logger.atLevel(level).log("{} {} in the last {} ms; latest: {}", count, what,
                    TimeUnit.NANOSECONDS.toMillis(elapsed), latest);
        } else {
            // Rendered here: SLF4J would take a trailing Throwable for a stack trace to print.
            logger.atLevel(level).log("{} {} in the last {} ms; latest: {} ({})", count, what,
                    TimeUnit.NANOSECONDS.toMillis(elapsed), latest, cause.toString());
        }
        return true;
    }
}
