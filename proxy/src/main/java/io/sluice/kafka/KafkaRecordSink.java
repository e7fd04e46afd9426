package io.sluice.kafka;

import io.sluice.config.KafkaSettings;
import io.sluice.ring.Completion;
import io.sluice.ring.DeliveryError;
import io.sluice.ring.IngestRecord;
import io.sluice.ring.RecordSink;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link RecordSink} on one {@link KafkaProducer}. {@link #send} runs on the ring's thread only;
 * it may block there (metadata for a new topic, up to {@code max.block.ms}), never on an event loop.
 *
 * <p>Two checks keep one bad request from stalling the ring thread for {@code max.block.ms}: an
 * explicit partition is checked against the topic's known partition count before sending (the
 * producer would otherwise wait for that partition to appear), and a topic whose metadata just timed
 * out is refused at once for {@link #UNKNOWN_TOPIC_TTL_NANOS} instead of being waited for again.
 */
public final class KafkaRecordSink implements RecordSink {

    private static final Header[] NO_HEADERS = new Header[0];
    static final long UNKNOWN_TOPIC_TTL_NANOS = 5_000_000_000L;
    /** Metadata younger than this counts as proof that the cluster answers. */
    private static final double METADATA_FRESH_SECONDS = 0.5;
    /** Bound on remembered unknown topics; the map is cleared when it is reached. */
    private static final int MAX_UNKNOWN_TOPICS = 1024;

    private final Producer<byte[], byte[]> producer;
    private final KafkaHealth health;
    private volatile boolean aborted;
    /** The producer's metadata-age metric, looked up on first use; a benign race may look it up twice. */
    private volatile Metric metadataAge;
    /** Topic → nano time until which it counts as unknown; written by the ring and producer threads. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> unknownTopics = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * From now on, fail every record handed over with {@link DeliveryError#SHUTTING_DOWN} instead of
     * sending it: used when shutdown runs out of time, so the ring empties at once and every
     * waiting client gets an answer.
     */
    public void abort() {
        aborted = true;
    }

    @Override
    public void send(String topic, IngestRecord[] records, Completion completion) {
        if (aborted) {
            failAll(records, completion, DeliveryError.SHUTTING_DOWN);
            return;
        }
        Long unknownUntil = unknownTopics.get(topic);
        if (unknownUntil != null) {
            if (System.nanoTime() - unknownUntil < 0) {
                failAll(records, completion, DeliveryError.TOPIC_METADATA_UNAVAILABLE);
                return;
            }
            unknownTopics.remove(topic);
        }
        int partitionCount = -1;
        for (int i = 0; i < records.length; i++) {
            IngestRecord record = records[i];
            if (record.partition() != IngestRecord.ANY_PARTITION) {
                if (partitionCount < 0) {
                    try {
                        partitionCount = producer.partitionsFor(topic).size();
                    } catch (RuntimeException e) {
                        DeliveryError error = classify(e);
                        rememberIfUnknown(topic, error);
                        failAll(records, completion, error);
                        return;
                    }
                }
                if (record.partition() >= partitionCount) {
                    completion.recordFailed(i, DeliveryError.UNKNOWN_PARTITION);
                    continue;
                }
            }
            RecordCallback callback = new RecordCallback(completion, i, health, this, topic);
            try {
                producer.send(toProducerRecord(topic, record), callback);
            } catch (RuntimeException e) {
                // send() reports most failures through the callback; what it throws instead
                // (closed producer, serialization) never reached the callback.
                callback.onCompletion(null, e);
            }
        }
    }

    /**
     * Maps a producer failure to a {@link DeliveryError}. A metadata time-out means "no such topic"
     * only if the cluster answered metadata requests during the wait; with the broker down or frozen
     * the same time-out means Kafka is unavailable, and answering 404 (not retriable) would make
     * clients drop records that a retry would have delivered.
     */
    DeliveryError classify(Throwable error) {
        DeliveryError classified = KafkaErrors.classify(error);
        if ((classified == DeliveryError.TOPIC_METADATA_UNAVAILABLE || classified == DeliveryError.UNKNOWN_PARTITION)
                && error instanceof org.apache.kafka.common.errors.TimeoutException && !metadataFresh()) {
            return DeliveryError.KAFKA_UNAVAILABLE;
        }
        return classified;
    }

    /**
     * Whether the producer's last successful metadata update is recent (its {@code metadata-age}
     * metric): the cluster is answering. The producer refreshes metadata while it waits for a topic
     * and after every unknown-topic or leader error, so this holds whenever Kafka itself is up.
     */
    boolean metadataFresh() {
        Metric age = metadataAge;
        if (age == null) {
            for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
                if (e.getKey().name().equals("metadata-age") && e.getKey().group().equals("producer-metrics")) {
                    age = e.getValue();
                    metadataAge = age;
                    break;
                }
            }
            if (age == null) {
                return false;
            }
        }
        Object seconds = age.metricValue();
        return seconds instanceof Double && (Double) seconds < METADATA_FRESH_SECONDS;
    }

    /** Called with each failure: a topic that timed out in metadata is refused for a while. */
    void rememberIfUnknown(String topic, DeliveryError error) {
        if (error == DeliveryError.TOPIC_METADATA_UNAVAILABLE) {
            if (unknownTopics.size() >= MAX_UNKNOWN_TOPICS) {
                unknownTopics.clear();
            }
            unknownTopics.put(topic, System.nanoTime() + UNKNOWN_TOPIC_TTL_NANOS);
        }
    }

    private static void failAll(IngestRecord[] records, Completion completion, DeliveryError error) {
        for (int i = 0; i < records.length; i++) {
            completion.recordFailed(i, error);
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
