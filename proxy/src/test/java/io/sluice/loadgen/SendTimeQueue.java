package io.sluice.loadgen;

/**
 * A bounded first-in first-out queue of due times (primitive {@code long}s, no boxing) for
 * requests whose turn came while every connection was busy. {@link #offer} refuses once the queue
 * holds {@code capacity} entries; it never grows.
 *
 * <p>Not thread-safe: the load generator's single event loop owns it.
 */
final class SendTimeQueue {

    private final long[] times;
    private int head;
    private int size;

    SendTimeQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.times = new long[capacity];
    }

    /** Appends {@code time}; {@code false} when the queue is full and nothing was added. */
    boolean offer(long time) {
        if (size == times.length) {
            return false;
        }
        times[(head + size) % times.length] = time;
        size++;
        return true;
    }

    /** Removes and returns the oldest entry; the queue must not be empty. */
    long poll() {
        if (size == 0) {
            throw new IllegalStateException("empty queue");
        }
        long time = times[head];
        head = (head + 1) % times.length;
        size--;
        return time;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    int capacity() {
        return times.length;
    }
}
