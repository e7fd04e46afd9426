package io.sluice.ring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts record bytes from the moment a request is admitted until Kafka has answered for each of
 * its records, and refuses new bytes beyond a fixed maximum. It therefore bounds both the ring's
 * contents and what the producer holds un-acknowledged.
 *
 * <p>Thread-safe and lock-free: event loops acquire, producer threads release.
 */
public final class ByteBudget {

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong releases = new AtomicLong();

    public ByteBudget(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} if they fit; returns {@code false}, taking nothing, if they do not. */
    public boolean tryAcquire(long bytes) {
        for (;;) {
            long current = used.get();
            long next = current + bytes;
            if (next > maxBytes) {
                return false;
            }
            if (used.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** Returns {@code bytes} taken for a request that was then not published; not counted as drained. */
    public void cancel(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Gives back {@code bytes} of a record whose outcome is known: they have drained. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
        released.addAndGet(bytes);
        releases.incrementAndGet();
    }

    public long usedBytes() {
        return used.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Release calls since creation; one per record outcome, so the records drained. */
    public long releasesTotal() {
        return releases.get();
    }

    /** Bytes released since creation: the drain counter from which drain rates are derived. */
    public long releasedBytesTotal() {
        return released.get();
    }
}
