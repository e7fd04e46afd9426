package io.sluice.ring;

/**
 * Receives the outcome of each record of one published request.
 *
 * <p>For every record exactly one of the two methods is called, exactly once, in any order and
 * from any thread (usually the Kafka producer's I/O thread, sometimes the ring's own thread).
 * Implementations must therefore be thread-safe and must never block: they hand the answer to the
 * connection's event loop.
 */
public interface Completion {

    /** Kafka acknowledged record {@code index} of the request at {@code partition}/{@code offset}. */
    void recordAcked(int index, int partition, long offset);

    /** Record {@code index} of the request was not written. */
    void recordFailed(int index, DeliveryError error);
}
