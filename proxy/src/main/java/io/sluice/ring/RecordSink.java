package io.sluice.ring;

import java.time.Duration;

/**
 * Where the ring's records go. Called only from the ring's single consumer thread, so
 * implementations need no locking of their own for {@link #send}; they may block there (that is how
 * a slow downstream fills the ring), but never on other threads' behalf.
 */
public interface RecordSink {

    /**
     * Starts sending {@code records} to {@code topic}. Every record's outcome must eventually reach
     * {@code completion}, even when sending fails synchronously.
     */
    void send(String topic, IngestRecord[] records, Completion completion);

    /** Sends what is buffered and waits for it up to {@code timeout}, then releases resources. */
    void close(Duration timeout);
}
