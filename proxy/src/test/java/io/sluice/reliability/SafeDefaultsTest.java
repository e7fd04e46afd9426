package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.SettingsLoader;
import io.sluice.config.SluiceSettings;
import io.sluice.config.TopicNames;
import io.sluice.ring.DeliveryError;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The reference configuration is safe as shipped: both ports on loopback, the admin endpoints on a
 * port of their own, topic names held to Kafka's rules, and client-facing error texts free of
 * internals. (Answer bodies for hostile input are scanned for internals by HostileInputIT and FuzzIT.)
 */
class SafeDefaultsTest {

    private final SluiceSettings defaults = SettingsLoader.load(null, new Properties(), Map.of());

    @Test
    void ingestAndAdminBindLoopbackOnly() {
        assertThat(defaults.server().host()).as("ingest host").isEqualTo("127.0.0.1");
        assertThat(defaults.admin().host()).as("admin host").isEqualTo("127.0.0.1");
    }

    @Test
    void adminHasItsOwnPort() {
        assertThat(defaults.admin().port()).isNotEqualTo(defaults.server().port());
        assertThat(defaults.admin().port()).isPositive();
        assertThat(defaults.server().port()).isPositive();
    }

    @Test
    void durableProducerDefaults() {
        assertThat(defaults.kafka().producerProperties()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
        assertThat(defaults.kafka().maxBlockMs() + defaults.kafka().deliveryTimeoutMs())
                .as("every client answered before request-timeout").isLessThan(defaults.server().requestTimeout().toMillis());
    }

    @Test
    void topicNamesFollowKafkasRules() {
        assertThat(TopicNames.isValid("orders.v1_EU-2")).isTrue();
        assertThat(TopicNames.isValid("a".repeat(249))).isTrue();
        for (String bad : new String[] {"", ".", "..", "a".repeat(250), "a/b", "../x", "a b", "a%2Fb", "caf\u00e9", "a\u0000b",
            "a:b", "a\\b", "a*", "a\nb"}) {
            assertThat(TopicNames.isValid(bad)).as("'%s' must be refused", bad).isFalse();
        }
    }

    @Test
    void deliveryErrorTextsShowNoInternals() {
        for (DeliveryError error : DeliveryError.values()) {
            SafeAnswers.assertNoInternals(error.name(), error.message());
        }
    }
}
