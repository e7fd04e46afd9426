package io.sluice.kafka;

import io.sluice.ring.Completion;
import io.sluice.ring.DeliveryError;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Passes one record's outcome from the producer to the request's {@link Completion} and to the
 * {@link KafkaHealth}. Called on the producer's I/O thread (or on the ring's thread when
 * {@code send} fails at once); it does no more than hand over, so that thread is never held up.
 */
final class RecordCallback implements Callback {

    private final Completion completion;
    private final int index;
    private final KafkaHealth health;
    private final KafkaRecordSink sink;
    private final String topic;

    RecordCallback(Completion completion, int index, KafkaHealth health, KafkaRecordSink sink, String topic) {
        this.completion = completion;
        this.index = index;
        this.health = health;
        this.sink = sink;
        this.topic = topic;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            health.onAck();
            completion.recordAcked(index, metadata.partition(), metadata.offset());
        } else {
            DeliveryError error = sink.classify(exception);
            health.onFailure(error, exception, sink.metadataFresh());
            sink.rememberIfUnknown(topic, error);
            completion.recordFailed(index, error);
        }
    }
}
