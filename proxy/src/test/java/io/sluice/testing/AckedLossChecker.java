package io.sluice.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks the gateway's one promise under faults: every record it answered 2xx is in Kafka.
 *
 * <p>Each request carries a unique id as its record key ({@code X-Kafka-Key} or the v2 {@code key});
 * clients report every attempt's outcome with {@link #answered} or {@link #failed}. {@link #check}
 * then reads the whole topic and compares: acknowledged ids must all be in the log (loss is a
 * failure), ids found more than once are duplicates (allowed with at-least-once clients that retry,
 * counted), ids found but never acknowledged were written although the client heard otherwise.
 *
 * <p>Thread-safe: any number of client threads report concurrently.
 */
public final class AckedLossChecker {

    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder attempts = new LongAdder();
    private final AtomicLong maxDurationNanos = new AtomicLong();

    /** Reports that an attempt to send {@code id} got an HTTP answer with {@code status}. */
    public void answered(String id, int status, long durationNanos) {
        sent.add(id);
        attempts.increment();
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status >= 200 && status < 300) {
            acked.add(id);
        }
        maxDurationNanos.accumulateAndGet(durationNanos, Math::max);
    }

    /** Reports that an attempt to send {@code id} ended without an answer ({@code kind}: refused, reset, …). */
    public void failed(String id, String kind, long durationNanos) {
        sent.add(id);
        attempts.increment();
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        maxDurationNanos.accumulateAndGet(durationNanos, Math::max);
    }

    public int ackedCount() {
        return acked.size();
    }

    /** Answers seen so far with this status. */
    public long count(int status) {
        LongAdder adder = statuses.get(status);
        return adder == null ? 0 : adder.sum();
    }

    /** The longest time any attempt took until its answer or error. */
    public Duration maxDuration() {
        return Duration.ofNanos(maxDurationNanos.get());
    }

    /**
     * Reads {@code topic} from the beginning to its current end offsets and compares it with what
     * was acknowledged. Call after the load has stopped and the broker is up.
     */
    public Report check(String bootstrapServers, String topic, Duration timeout) {
        Map<String, Integer> inLog = new HashMap<>();
        long records = 0;
        for (ConsumerRecord<byte[], byte[]> record : readToEnd(bootstrapServers, topic, timeout)) {
            records++;
            if (record.key() != null) {
                inLog.merge(new String(record.key(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }
        List<String> lost = new ArrayList<>();
        for (String id : acked) {
            if (!inLog.containsKey(id)) {
                lost.add(id);
            }
        }
        long duplicates = 0;
        long unackedWritten = 0;
        for (Map.Entry<String, Integer> e : inLog.entrySet()) {
            duplicates += e.getValue() - 1;
            if (!acked.contains(e.getKey()) && sent.contains(e.getKey())) {
                unackedWritten++;
            }
        }
        Map<String, Long> outcomes = new TreeMap<>();
        statuses.forEach((status, n) -> outcomes.put(Integer.toString(status), n.sum()));
        errors.forEach((kind, n) -> outcomes.put(kind, n.sum()));
        lost.sort(null);
        return new Report(sent.size(), attempts.sum(), acked.size(), records, lost, duplicates, unackedWritten,
                outcomes, maxDuration());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrapServers, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, end)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end
                            + " within " + timeout.toSeconds() + " s; read " + records.size() + " records");
                }
                consumer.poll(Duration.ofNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(200))))
                        .forEach(records::add);
            }
        }
        return records;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** What {@link #check} found. Immutable. */
    public static final class Report {
        /** Distinct ids clients tried to write. */
        public final int ids;
        /** Attempts, retries included. */
        public final long attempts;
        /** Distinct ids answered 2xx at least once. */
        public final int acked;
        /** Records in the topic. */
        public final long logRecords;
        /** Acknowledged ids missing from the log: must be empty. */
        public final List<String> lost;
        /** Extra copies of ids in the log. */
        public final long duplicates;
        /** Ids in the log whose every attempt was answered with an error or not at all. */
        public final long unackedWritten;
        /** Attempt outcomes: HTTP status or client error kind, with counts. */
        public final Map<String, Long> outcomes;
        public final Duration maxDuration;

        Report(int ids, long attempts, int acked, long logRecords, List<String> lost, long duplicates,
               long unackedWritten, Map<String, Long> outcomes, Duration maxDuration) {
            this.ids = ids;
            this.attempts = attempts;
            this.acked = acked;
            this.logRecords = logRecords;
            this.lost = List.copyOf(lost);
            this.duplicates = duplicates;
            this.unackedWritten = unackedWritten;
            this.outcomes = Map.copyOf(outcomes);
            this.maxDuration = maxDuration;
        }

        @Override
        public String toString() {
            return "ids=" + ids + " attempts=" + attempts + " acked=" + acked + " log=" + logRecords
                    + " lost=" + lost.size() + (lost.isEmpty() ? "" : " " + lost.subList(0, Math.min(10, lost.size())))
                    + " duplicates=" + duplicates + " unacked-but-written=" + unackedWritten
                    + " outcomes=" + new TreeMap<>(outcomes) + " max-request-ms=" + maxDuration.toMillis();
        }
    }
}
