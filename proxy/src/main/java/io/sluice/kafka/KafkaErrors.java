package io.sluice.kafka;

import io.sluice.ring.DeliveryError;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Maps producer exceptions to {@link DeliveryError}s. Stateless. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    static DeliveryError classify(Throwable error) {
        if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
            return DeliveryError.RECORD_TOO_LARGE;
        }
        if (error instanceof UnknownTopicOrPartitionException) {
            return DeliveryError.UNKNOWN_TOPIC;
        }
        if (error instanceof TimeoutException && error.getMessage() != null
                && error.getMessage().contains("not present in metadata")) {
            // The producer waited max.block.ms for metadata: a missing topic or partition, or no
            // broker at all. It must not mark Kafka as down (one bad topic would stop everything).
            return error.getMessage().startsWith("Partition") ? DeliveryError.UNKNOWN_PARTITION
                    : DeliveryError.TOPIC_METADATA_UNAVAILABLE;
        }
        if (error instanceof TimeoutException || error instanceof RetriableException) {
            // Includes metadata time-outs for topics that never appear; the broker being away is the
            // common cause, and the client's right reaction (retry later) is the same either way.
            return DeliveryError.KAFKA_UNAVAILABLE;
        }
        if (error instanceof AuthorizationException || error instanceof InvalidTopicException
                || error instanceof PolicyViolationException) {
            return DeliveryError.REJECTED;
        }
        if (error instanceof KafkaException && error.getMessage() != null
                && error.getMessage().startsWith("Invalid partition")) {
            // The producer checks an explicit partition against the topic's metadata and says so
            // only in the message of a plain KafkaException.
            return DeliveryError.UNKNOWN_PARTITION;
        }
        if (error.getMessage() != null && (error.getMessage().contains("after producer is closed")
                || error.getMessage().contains("closed forcefully"))) {
            // The gateway is stopping: unsent records are aborted when the flush runs out of time.
            return DeliveryError.SHUTTING_DOWN;
        }
        return DeliveryError.INTERNAL;
    }
}
