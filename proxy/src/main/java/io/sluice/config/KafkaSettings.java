package io.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where Kafka is and how the producer is configured ({@code sluice.kafka}). Immutable.
 *
 * <p>Producer properties pass through unchanged, except that the serializers are fixed and
 * {@code buffer.memory}, unless set, is derived from the ring's byte budget (see {@link #producerProperties()}).
 */
public final class KafkaSettings {

    /** Producer memory beyond the ring's byte budget: room for batch headers and per-record overhead. */
    private static final long PRODUCER_MEMORY_HEADROOM = 16L << 20;

    private final String bootstrapServers;
    private final Map<String, String> producer;

    KafkaSettings(ConfigReader in, RingSettings ring, ServerSettings server) {
        bootstrapServers = in.string("bootstrap-servers");
        if (bootstrapServers.isBlank()) {
            throw in.bad("bootstrap-servers", "\"\"", "host:port[,host:port…]");
        }
        Map<String, String> props = new TreeMap<>();
        Config producerConfig = in.config().getConfig("producer");
        for (Map.Entry<String, ConfigValue> e : producerConfig.entrySet()) {
            // Accept both "linger.ms" = 5 and linger.ms = 5 (which HOCON nests): join the path back.
            List<String> parts = ConfigUtil.splitPath(e.getKey());
            Object raw = e.getValue().unwrapped();
            props.put(String.join(".", parts), String.valueOf(raw));
        }
        for (String fixed : List.of("bootstrap.servers", "key.serializer", "value.serializer")) {
            if (props.containsKey(fixed)) {
                throw in.bad("producer." + fixed, props.get(fixed),
                        "not set here (" + (fixed.startsWith("bootstrap") ? "use sluice.kafka.bootstrap-servers" : "Sluice sends byte arrays") + ')');
            }
        }
        // The byte budget counts every byte until Kafka acknowledges it, so a producer buffer a
        // little larger than the budget means send() never blocks waiting for memory: pressure is
        // felt at the ring (and so at the event loops) at once, not after the producer's buffer fills.
        long bufferMemory = ring.maxBytes() + Math.max(PRODUCER_MEMORY_HEADROOM, ring.maxBytes() / 4);
        props.putIfAbsent("buffer.memory", Long.toString(bufferMemory));
        long configured = longProperty(in, props, "buffer.memory");
        if (configured < ring.maxBytes()) {
            throw in.bad("producer.buffer.memory", configured,
                    "at least ring.max-bytes " + ring.maxBytes() + ", or unset to derive it");
        }
        long budgetMs = longProperty(in, props, "max.block.ms") + longProperty(in, props, "delivery.timeout.ms");
        if (budgetMs >= server.requestTimeout().toMillis()) {
            throw in.bad("producer.delivery.timeout.ms", props.get("delivery.timeout.ms"),
                    "max.block.ms + delivery.timeout.ms below server.request-timeout ("
                            + server.requestTimeout().toMillis() + " ms), so every client is answered in time");
        }
        producer = Collections.unmodifiableMap(new LinkedHashMap<>(props));
    }

    private static long longProperty(ConfigReader in, Map<String, String> props, String key) {
        String value = props.get(key);
        if (value == null) {
            throw in.bad("producer." + key, "missing", "a number of milliseconds or bytes");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw in.bad("producer." + key, value, "a whole number");
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Producer properties, sorted by key, without bootstrap servers and serializers. */
    public Map<String, String> producerProperties() {
        return producer;
    }

    public long maxBlockMs() {
        return Long.parseLong(producer.get("max.block.ms").trim());
    }

    public long deliveryTimeoutMs() {
        return Long.parseLong(producer.get("delivery.timeout.ms").trim());
    }
}
