package io.sluice.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Administrative and reading helpers behind {@link KafkaBroker}'s topic, quota and consume methods.
 *
 * <p>Stateless and safe to call from any thread: every call opens its own short-lived client, so
 * helpers keep working across a broker kill and restart.
 */
final class BrokerClients {

    static final String PRODUCER_BYTE_RATE = "producer_byte_rate";

    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** The default client-id entity: a quota on it applies to every client without its own quota. */
    private static final ClientQuotaEntity DEFAULT_CLIENT =
            new ClientQuotaEntity(Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));

    private BrokerClients() {
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) OPERATION_TIMEOUT.toMillis(),
                // Readiness polling reconnects often; don't let the client's own back-off dominate.
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
    }

    /** Creates the topic and waits until every partition has a leader, so producers need no retry. */
    static void createTopic(String bootstrapServers, String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: " + partitions + " (expected: >= 1)");
        }
        try (Admin admin = admin(bootstrapServers)) {
            await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all(),
                    "create topic " + name);
            long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
            long backoff = TimeUnit.MILLISECONDS.toNanos(5);
            while (!allPartitionsLed(admin, name, partitions)) {
                backoff = pause(backoff, deadline, () -> "topic " + name + " has no leader for all "
                        + partitions + " partitions after " + OPERATION_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    static void deleteTopic(String bootstrapServers, String name) {
        try (Admin admin = admin(bootstrapServers)) {
            await(admin.deleteTopics(List.of(name)).all(), "delete topic " + name);
        }
    }

    /**
     * Sets {@code producer_byte_rate} on the default client id, then waits until the broker
     * reports it, so a test's next produce is already throttled. {@code null} removes it.
     */
    static void setProducerByteRate(String bootstrapServers, Long bytesPerSecond) {
        Double value = bytesPerSecond == null ? null : bytesPerSecond.doubleValue();
        try (Admin admin = admin(bootstrapServers)) {
            ClientQuotaAlteration alteration = new ClientQuotaAlteration(
                    DEFAULT_CLIENT, List.of(new ClientQuotaAlteration.Op(PRODUCER_BYTE_RATE, value)));
            await(admin.alterClientQuotas(List.of(alteration)).all(), "set " + PRODUCER_BYTE_RATE + "=" + value);
            ClientQuotaFilter filter = ClientQuotaFilter.containsOnly(
                    List.of(ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.CLIENT_ID)));
            long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
            long backoff = TimeUnit.MILLISECONDS.toNanos(5);
            while (true) {
                Map<String, Double> quotas = await(admin.describeClientQuotas(filter).entities(), "describe quotas")
                        .getOrDefault(DEFAULT_CLIENT, Map.of());
                if (Objects.equals(quotas.get(PRODUCER_BYTE_RATE), value)) {
                    return;
                }
                backoff = pause(backoff, deadline, () -> "broker reports " + PRODUCER_BYTE_RATE + "="
                        + quotas.get(PRODUCER_BYTE_RATE) + " (expected: " + value + ")");
            }
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition with a fresh, group-less consumer
     * until {@code expectedCount} records arrived or {@code timeout} passed; returns what it read.
     */
    static List<ConsumerRecord<byte[], byte[]>> consumeAll(
            String bootstrapServers, String topic, int expectedCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers))) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expectedCount) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                consumer.poll(Duration.ofNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100))))
                        .forEach(records::add);
            }
        }
        return records;
    }

    private static Map<String, Object> consumerProperties(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Reading must not create the topic it is asked about.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    }

    private static List<TopicPartition> awaitPartitions(
            KafkaConsumer<byte[], byte[]> consumer, String topic, long deadline) {
        long backoff = TimeUnit.MILLISECONDS.toNanos(5);
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return List.of();
            }
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofNanos(remaining));
            if (!infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            LockSupport.parkNanos(Math.min(backoff, remaining));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    private static boolean allPartitionsLed(Admin admin, String topic, int partitions) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException | TimeoutException e) {
            return false; // metadata not propagated yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    /** Parks for {@code backoff} and returns the next, longer one; fails past the deadline. */
    private static long pause(long backoff, long deadline, Supplier<String> failure) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException(failure.get());
        }
        LockSupport.parkNanos(backoff);
        return Math.min(backoff * 2, MAX_BACKOFF_NANOS);
    }

    static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + OPERATION_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
