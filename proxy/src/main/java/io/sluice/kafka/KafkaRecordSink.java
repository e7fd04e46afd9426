package io.sluice.kafka;

import io.sluice.config.KafkaSettings;
import io.sluice.ring.Completion;
import io.sluice.ring.IngestRecord;
import io.sluice.ring.RecordSink;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link RecordSink} on one {@link KafkaProducer}. {@link #send} runs on the ring's thread only;
 * it may block there (metadata for a new topic, up to {@code max.block.ms}), never on an event loop.
 */
public final class KafkaRecordSink implements RecordSink {

    private static final Header[] NO_HEADERS = new Header[0];

    private final Producer<byte[], byte[]> producer;
    private final KafkaHealth health;

    public KafkaRecordSink(Producer<byte[], byte[]> producer, KafkaHealth health) {
        this.producer = producer;
        this.health = health;
    }

    /** Builds the producer from settings: the configured properties plus byte-array serializers. */
    public static Producer<byte[], byte[]> newProducer(KafkaSettings settings, String clientId) {
        Properties props = new Properties();
        props.putAll(settings.producerProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(String topic, IngestRecord[] records, Completion completion) {
        for (int i = 0; i < records.length; i++) {
            IngestRecord record = records[i];
            RecordCallback callback = new RecordCallback(completion, i, health);
            try {
                producer.send(toProducerRecord(topic, record), callback);
            } catch (RuntimeException e) {
                // send() reports most failures through the callback; what it throws instead
                // (closed producer, invalid partition, serialization) never reached the callback.
                callback.onCompletion(null, e);
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> toProducerRecord(String topic, IngestRecord record) {
        Integer partition = record.partition() == IngestRecord.ANY_PARTITION ? null : record.partition();
        Header[] headers = NO_HEADERS;
        int count = record.headerCount();
        if (count > 0) {
            headers = new Header[count];
            for (int h = 0; h < count; h++) {
                headers[h] = new RecordHeader(record.headerName(h), record.headerValue(h));
            }
        }
        return new ProducerRecord<>(topic, partition, null, record.key(), record.value(),
                count > 0 ? java.util.Arrays.asList(headers) : null);
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
