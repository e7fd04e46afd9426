package io.sluice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code sluice_records_total{topic}} with a bounded number of topic values. {@code /topics/{topic}}
 * lets clients name any topic the allow list admits, so the tag would otherwise grow without bound:
 * the first {@code maxTopics} distinct topics (the routes' topics first, registered at start-up) get
 * their own counter, every later one counts under {@code topic="other"}. A topic literally named
 * "other" shares that series.
 *
 * <p>Thread-safe. Counting a known topic is one map read and an increment; a new topic registers a
 * counter once, at most {@code maxTopics} times over the life of the gateway.
 */
final class TopicCounters {

    private final MeterRegistry registry;
    private final int maxTopics;
    private final ConcurrentHashMap<String, Counter> byTopic;
    private final AtomicInteger reserved = new AtomicInteger();
    private final Counter other;

    TopicCounters(MeterRegistry registry, int maxTopics, Collection<String> knownTopics) {
        if (maxTopics < 0) {
            throw new IllegalArgumentException("maxTopics: " + maxTopics + " (expected: >= 0)");
        }
        this.registry = registry;
        this.maxTopics = maxTopics;
        this.byTopic = new ConcurrentHashMap<>(Math.min(maxTopics, 1024) * 2 + 1);
        this.other = register(MeterNames.OTHER);
        for (String topic : knownTopics) {
            counterFor(topic);
        }
    }

    void count(String topic, int records) {
        counterFor(topic).increment(records);
    }

    private Counter counterFor(String topic) {
        Counter existing = byTopic.get(topic);
        if (existing != null) {
            return existing;
        }
        // A plain read first: once the cap is reached, overflow topics cost no atomic update.
        if (reserved.get() >= maxTopics) {
            return other;
        }
        if (reserved.getAndIncrement() >= maxTopics) {
            reserved.decrementAndGet();
            return other;
        }
        Counter counter = register(topic);
        Counter raced = byTopic.putIfAbsent(topic, counter);
        if (raced != null) {
            // Another loop registered the same topic first; the registry returned the same counter.
            reserved.decrementAndGet();
            return raced;
        }
        return counter;
    }

    private Counter register(String topic) {
        return Counter.builder(MeterNames.RECORDS)
                .description("Records admitted into the ring, by topic (bounded; the rest under topic=\"other\")")
                .tag(MeterNames.TAG_TOPIC, topic)
                .register(registry);
    }

    /** Topics with a counter of their own. */
    int distinctTopics() {
        return byTopic.size();
    }
}
