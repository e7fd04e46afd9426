package io.sluice.http;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topic names in the form the answers echo them: a JSON string, quotes included, in UTF-8, so that
 * a {@code 200} answer copies the topic's bytes instead of escaping and encoding the name again.
 *
 * <p>Names known from the configuration (route topics, exact names of {@code topics.allow}) are
 * encoded up front and always kept. Other names, which only {@code "prefix*"} and {@code "*"}
 * patterns admit, are kept as they are first seen, up to {@code maxLearned} of them; once that many
 * are kept, further names are encoded for each answer and not kept, so memory stays bounded
 * (under 1 KiB per kept name) whatever names clients send.
 *
 * <p>Thread-safe: one instance is shared by all event loops.
 */
final class EncodedTopics {

    /** Names learned from requests that are kept, beyond those of the configuration. */
    static final int DEFAULT_MAX_LEARNED = 1024;

    private final ConcurrentHashMap<String, byte[]> encoded = new ConcurrentHashMap<>();
    private final int maxLearned;
    private final AtomicInteger learned = new AtomicInteger();

    EncodedTopics(Collection<String> configured, int maxLearned) {
        if (maxLearned < 0) {
            throw new IllegalArgumentException("maxLearned: " + maxLearned + " (expected: >= 0)");
        }
        this.maxLearned = maxLearned;
        for (String topic : configured) {
            encoded.computeIfAbsent(topic, JsonWriter::encodedString);
        }
    }

    /** {@code topic} as a quoted JSON string in UTF-8; the caller must not modify the array. */
    byte[] get(String topic) {
        byte[] json = encoded.get(topic);
        if (json != null) {
            return json;
        }
        json = JsonWriter.encodedString(topic);
        if (learned.get() < maxLearned) {
            if (learned.incrementAndGet() > maxLearned) {
                // Another event loop took the last place meanwhile.
                learned.decrementAndGet();
            } else if (encoded.putIfAbsent(topic, json) != null) {
                // Another event loop kept the same name meanwhile.
                learned.decrementAndGet();
            }
        }
        return json;
    }

    /** How many names learned from requests are kept; at most {@code maxLearned}. */
    int learnedCount() {
        return learned.get();
    }
}
