package io.sluice.ring;

/**
 * Why Kafka did not take a record, in terms a client can act on. The messages are fixed texts so
 * that no broker or class names leak into answers.
 */
public enum DeliveryError {
    /** The broker could not be reached or did not answer in time; retrying later may succeed. */
    KAFKA_UNAVAILABLE(true, "Kafka is unavailable; retry later"),
    /**
     * The producer waited {@code max.block.ms} for the topic's metadata in vain: the topic does not
     * exist (and is not auto-created), or no broker could be reached. Kafka's client cannot tell
     * the two apart, so the answer is a retriable 503 either way.
     */
    TOPIC_METADATA_UNAVAILABLE(true, "the topic's metadata is unavailable: the topic does not exist or Kafka is unreachable"),
    /** The record is larger than the broker or producer accepts. */
    RECORD_TOO_LARGE(false, "the record is larger than Kafka accepts"),
    /** The topic does not exist and was not created. */
    UNKNOWN_TOPIC(false, "the topic does not exist"),
    /** The requested partition does not exist in the topic. */
    UNKNOWN_PARTITION(false, "the partition does not exist in the topic"),
    /** Kafka refused the topic or record by policy (authorization, invalid topic, policy violation). */
    REJECTED(false, "Kafka rejected the record"),
    /** The gateway is shutting down and the record was not sent. */
    SHUTTING_DOWN(true, "the gateway is shutting down; retry on another instance"),
    /** Anything else; details are logged by the gateway, not sent to the client. */
    INTERNAL(false, "the record could not be written");

    private final boolean retriable;
    private final String message;

    DeliveryError(boolean retriable, String message) {
        this.retriable = retriable;
        this.message = message;
    }

    /** Whether sending the same record again later may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** A short text safe to show to clients. */
    public String message() {
        return message;
    }
}
