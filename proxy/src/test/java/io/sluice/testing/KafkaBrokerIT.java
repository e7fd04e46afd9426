package io.sluice.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the broker fixture against the real thing: a round trip on the shared broker, a producer
 * quota the broker enforces, data that survives SIGKILL and restart, and a SIGSTOP that makes
 * produce time out until SIGCONT.
 */
class KafkaBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Killed and paused by the tests below, so not the shared one. */
    private static KafkaBroker own;

    @BeforeAll
    static void startOwnBroker() {
        own = KafkaBroker.builder().partitions(2).start();
    }

    @AfterAll
    static void stopOwnBroker() {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void sharedBrokerRoundTrip() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic("round-trip", 3);

        try (KafkaProducer<byte[], byte[]> producer = producer(broker, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(record("round-trip", "value-" + i)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> records = broker.consumeAll("round-trip", 10, WAIT);
        assertThat(values(records)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "value-" + i).toList());
        assertThat(records).extracting(ConsumerRecord::partition).as("three partitions as created")
                .allMatch(p -> p >= 0 && p < 3);
        assertThat(KafkaBroker.shared()).as("one broker per JVM").isSameAs(broker);
    }

    @Test
    void acknowledgedRecordsSurviveKillAndRestart() throws Exception {
        String topic = "survives-kill";
        try (KafkaProducer<byte[], byte[]> producer = producer(own, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sent.add(producer.send(record(topic, "before-kill-" + i)));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        long pidBefore = own.pid();
        String bootstrapBefore = own.bootstrapServers();

        own.kill();
        assertThat(own.isRunning()).as("SIGKILL leaves no process").isFalse();
        assertThat(ProcessHandle.of(pidBefore)).as("pid %s is gone", pidBefore).isEmpty();

        own.restart();
        assertThat(own.pid()).as("a new process").isNotEqualTo(pidBefore);
        assertThat(own.bootstrapServers()).as("same port after restart").isEqualTo(bootstrapBefore);
        List<ConsumerRecord<byte[], byte[]>> records = own.consumeAll(topic, 50, WAIT);
        assertThat(values(records)).as("every acks=all record written before the kill")
                .hasSize(50)
                .containsAll(IntStream.range(0, 50).mapToObj(i -> "before-kill-" + i).toList());
    }

    @Test
    void pausedBrokerTimesOutProduceUntilResumed() throws Exception {
        String topic = "paused";
        own.createTopic(topic, 1);
        Map<String, Object> impatient = Map.of(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        try (KafkaProducer<byte[], byte[]> producer = producer(own, impatient)) {
            producer.send(record(topic, "before-pause")).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            own.pause();
            try {
                Future<RecordMetadata> stalled = producer.send(record(topic, "while-paused"));
                assertThatThrownBy(() -> stalled.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("a stopped broker answers nothing, so delivery times out")
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TimeoutException.class);
            } finally {
                own.resume();
            }

            RecordMetadata after = producer.send(record(topic, "after-resume")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(after.topic()).isEqualTo(topic);
        }
        assertThat(values(own.consumeAll(topic, 2, WAIT))).as("the timed-out record is not required")
                .contains("before-pause", "after-resume");
    }

    @Test
    void producerByteRateQuotaThrottlesEveryProducer() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic("throttled", 1);
        byte[] value = new byte[20 * 1024];
        broker.setProducerByteRate(20 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = producer(broker, Map.of(ProducerConfig.ACKS_CONFIG, "1"))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            // The broker averages the rate over its whole quota window (about 10 s at first), so
            // 300 KiB at once is 30 KiB/s against 20: over the quota, with a throttle of a few seconds.
            for (int i = 0; i < 15; i++) {
                sent.add(producer.send(new ProducerRecord<>("throttled", value)));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            double throttleMax = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("produce-throttle-time-max"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .max().orElse(0);
            assertThat(throttleMax).as("300 KiB at once against a 20 KiB/s quota is throttled by the broker")
                    .isGreaterThan(0);
        } finally {
            broker.clearProducerByteRate();
        }
        broker.deleteTopic("throttled");
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 0));
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(UTF_8));
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), UTF_8)).toList();
    }
}
