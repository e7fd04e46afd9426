package io.sluice.ring;

/**
 * A ring slot: one request's topic, records and completion. Preallocated by the ring and reused;
 * written by the publishing event loop inside {@code tryPublishEvent} and read, then cleared, by
 * the ring's consumer thread. The Disruptor's sequence barriers order those accesses, so the fields
 * need not be volatile.
 */
public final class IngestEvent {

    String topic;
    IngestRecord[] records;
    Completion completion;

    void set(String topic, IngestRecord[] records, Completion completion) {
        this.topic = topic;
        this.records = records;
        this.completion = completion;
    }

    /** Drops references so that a slot does not keep a finished request's payload reachable. */
    void clear() {
        topic = null;
        records = null;
        completion = null;
    }
}
