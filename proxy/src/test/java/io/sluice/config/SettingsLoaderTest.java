package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private SluiceSettings load(String hocon) throws IOException {
        return load(hocon, new Properties(), Map.of());
    }

    private SluiceSettings load(String hocon, Properties props, Map<String, String> env) throws IOException {
        Path file = dir.resolve("test.conf");
        Files.writeString(file, hocon);
        return SettingsLoader.load(file, props, env);
    }

    @Test
    void referenceDefaultsAreValidAndDocumented() {
        SluiceSettings settings = SettingsLoader.load(null, new Properties(), Map.of());
        assertThat(settings.server().host()).isEqualTo("127.0.0.1");
        assertThat(settings.server().port()).isEqualTo(8080);
        assertThat(settings.admin().port()).isEqualTo(9090);
        assertThat(settings.ring().slots()).isEqualTo(8192);
        assertThat(settings.ring().highWatermark()).isEqualTo(0.8);
        assertThat(settings.ring().lowWatermark()).isEqualTo(0.3);
        assertThat(settings.tiers().all()).extracting(Tier::name).containsExactly("critical", "standard", "bulk");
        assertThat(settings.tiers().all()).extracting(Tier::level).containsExactly(0, 1, 2);
        assertThat(settings.kafka().producerProperties())
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsKey("buffer.memory");
        assertThat(Long.parseLong(settings.kafka().producerProperties().get("buffer.memory")))
                .isGreaterThan(settings.ring().maxBytes());
    }

    @Test
    void shippedConfigFilesAreValid() {
        for (String name : new String[] {"sluice.conf", "sidecar.conf"}) {
            Path file = Path.of("..", "config", name);
            SluiceSettings settings = SettingsLoader.load(file, new Properties(), Map.of());
            assertThat(settings.routes().all()).as(name).isNotEmpty();
        }
    }

    @Test
    void fileOverridesReferenceAndPropertiesOverrideFileAndEnvironment() throws IOException {
        Properties props = new Properties();
        props.setProperty("sluice.server.port", "8500");
        props.setProperty("java.version", "ignored: only sluice.* is read");
        SluiceSettings settings = load("sluice.server { port = 8100, max-connections = 7 }\n"
                        + "sluice.ring.slots = 1024\n",
                props, Map.of("CONFIG_FORCE_sluice_server_max__connections", "9",
                        "CONFIG_FORCE_sluice_ring_slots", "2048"));
        assertThat(settings.server().port()).isEqualTo(8500);
        assertThat(settings.server().maxConnections()).isEqualTo(9);
        assertThat(settings.ring().slots()).isEqualTo(2048);
    }

    @Test
    void unknownKeyIsReportedWithFileLineAndSuggestion() {
        Path file = Path.of("src/test/resources/config/typo.conf");
        assertThatThrownBy(() -> SettingsLoader.load(file, new Properties(), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("typo.conf:3")
                .hasMessageContaining("sluice.server.prot")
                .hasMessageContaining("did you mean port?");
    }

    @Test
    void unknownSystemPropertyUnderSluiceIsRejected() {
        Properties props = new Properties();
        props.setProperty("sluice.ring.slot", "1024");
        assertThatThrownBy(() -> SettingsLoader.load(null, props, Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("sluice.ring.slot")
                .hasMessageContaining("did you mean slots?");
    }

    @Test
    void topLevelKeysOutsideSluiceAreRejected() {
        assertThatThrownBy(() -> load("sluce { server.port = 1 }"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("test.conf:1")
                .hasMessageContaining("sluce");
    }

    @Test
    void producerPropertiesPassThroughInBothSpellings() throws IOException {
        SluiceSettings settings = load("sluice.kafka.producer { linger.ms = 20, \"compression.type\" = lz4 }");
        assertThat(settings.kafka().producerProperties())
                .containsEntry("linger.ms", "20")
                .containsEntry("compression.type", "lz4");
    }

    @Test
    void invalidValuesNameKeyAndExpectation() {
        assertThatThrownBy(() -> load("sluice.ring.slots = 1000"))
                .hasMessageContaining("sluice.ring.slots: 1000 (expected: a power of 2)");
        assertThatThrownBy(() -> load("sluice.ring { low-watermark = 0.9, high-watermark = 0.8 }"))
                .hasMessageContaining("sluice.ring.low-watermark");
        assertThatThrownBy(() -> load("sluice.tiers.bulk.hard-limit = 0.5"))
                .hasMessageContaining("sluice.tiers.bulk.hard-limit: 0.5")
                .hasMessageContaining("high-watermark");
        assertThatThrownBy(() -> load("sluice.server.port = eighty"))
                .hasMessageContaining("sluice.server.port").hasMessageContaining("integer");
        assertThatThrownBy(() -> load("sluice.server.request-timeout = 5 s"))
                .hasMessageContaining("delivery.timeout.ms");
        assertThatThrownBy(() -> load("sluice.kafka.producer.\"key.serializer\" = x"))
                .hasMessageContaining("key.serializer");
        assertThatThrownBy(() -> load("sluice.topics.default-tier = gold"))
                .hasMessageContaining("sluice.topics.default-tier: gold");
        assertThatThrownBy(() -> load("sluice.server.transport = carrier-pigeon"))
                .hasMessageContaining("one of auto epoll nio");
        assertThatThrownBy(() -> load("sluice.admin.port = 8080"))
                .hasMessageContaining("sluice.admin.port");
    }

    @Test
    void tiersAreOrderedByHardLimitAndExtensible() throws IOException {
        SluiceSettings settings = load("sluice.tiers { gold { hard-limit = 0.99 }, scrap { hard-limit = 0.8 } }");
        assertThat(settings.tiers().all()).extracting(Tier::name)
                .containsExactly("critical", "gold", "standard", "bulk", "scrap");
        assertThatThrownBy(() -> load("sluice.tiers.gold { hard-limit = 0.9, weight = 3 }"))
                .hasMessageContaining("sluice.tiers.gold.weight");
        assertThatThrownBy(() -> load("sluice.tiers { \"gold\\r\\nx\" { hard-limit = 0.99 } }"))
                .hasMessageContaining("without control characters");
    }

    @Test
    void routesAreValidated() throws IOException {
        SluiceSettings settings = load("sluice.routes = [ { path = \"/v1/a\", topic = a-events, tier = bulk } ]");
        assertThat(settings.routes().forPath("/v1/a").topic()).isEqualTo("a-events");
        assertThat(settings.routes().forPath("/v1/a").tier().name()).isEqualTo("bulk");
        assertThatThrownBy(() -> load("sluice.routes = [ { path = \"/v1/a\", topic = \"bad topic\" } ]"))
                .hasMessageContaining("sluice.routes[0].topic");
        assertThatThrownBy(() -> load("sluice.routes = [ { path = \"/topics/x\", topic = x } ]"))
                .hasMessageContaining("sluice.routes[0].path");
        assertThatThrownBy(() -> load("sluice.routes = [ { path = \"/a\", topic = x, tieer = bulk } ]"))
                .hasMessageContaining("sluice.routes[0].tieer");
        assertThatThrownBy(() -> load("sluice.routes = [ { path = \"/a\", topic = x }, { path = \"/a\", topic = y } ]"))
                .hasMessageContaining("sluice.routes[1].path");
    }

    @Test
    void topicAllowListSupportsExactPrefixAndAll() throws IOException {
        TopicSettings topics = load("sluice.topics.allow = [orders, \"audit.*\"]").topics();
        assertThat(topics.isAllowed("orders")).isTrue();
        assertThat(topics.isAllowed("orders2")).isFalse();
        assertThat(topics.isAllowed("audit.login")).isTrue();
        assertThat(topics.isAllowed("audi")).isFalse();
        assertThat(load("sluice.topics.allow = []").topics().anyAllowed()).isFalse();
    }

    @Test
    void durationsAndSizesAcceptHumanUnits() throws IOException {
        SluiceSettings settings = load("sluice.server { max-content-length = 512 KiB, idle-timeout = 2 m }");
        assertThat(settings.server().maxContentLength()).isEqualTo(512 * 1024);
        assertThat(settings.server().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> SettingsLoader.load(dir.resolve("nope.conf"), new Properties(), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("nope.conf: no such file");
    }
}
