package io.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.config.SettingsLoader;
import io.sluice.config.SluiceSettings;
import io.sluice.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The metrics reference, the Grafana dashboard and the Kubernetes example stay true to the code. */
class DocsMatchMetersTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern SLUICE_NAME = Pattern.compile("\\bsluice_[a-z_]+");

    private static Set<String> scrapedSluiceNames() throws IOException {
        SluiceSettings settings = TestGateway.settings("127.0.0.1:1");
        try (GatewayMetrics metrics = new GatewayMetrics(settings, new FakeReadings(), System::nanoTime)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            metrics.scrape(out);
            Set<String> names = new TreeSet<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                Matcher m = SLUICE_NAME.matcher(line);
                if (!line.startsWith("#") && m.lookingAt()) {
                    names.add(m.group());
                }
            }
            // Bound by the server, which owns the Netty types.
            names.add(MeterNames.NETTY_ALLOCATOR_USED.replace('.', '_'));
            return names;
        }
    }

    private static Set<String> sluiceNamesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = SLUICE_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void everyMeterIsDocumentedAndTheDocsNameNoOther() throws IOException {
        Set<String> scraped = scrapedSluiceNames();
        Set<String> documented = sluiceNamesIn(Files.readString(DOCS.resolve("metrics.md")));
        assertThat(documented).as("names in docs/metrics.md").containsAll(scraped);
        assertThat(scraped).as("meters behind the names in docs/metrics.md").containsAll(documented);
    }

    @Test
    void theDashboardIsJsonAndQueriesOnlyMetersThatExist() throws IOException {
        StringBuilder queries = new StringBuilder();
        try (JsonParser parser = new JsonFactory().createParser(DOCS.resolve("grafana-dashboard.json").toFile())) {
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                } else if (token == JsonToken.VALUE_STRING && "expr".equals(field)) {
                    queries.append(parser.getText()).append('\n');
                }
            }
        }
        Set<String> queried = sluiceNamesIn(queries.toString());
        assertThat(queried).as("dashboard queries").isNotEmpty();
        assertThat(scrapedSluiceNames()).containsAll(queried);
        assertThat(queries.toString()).contains("kafka_producer_record_send_rate", "kafka_producer_record_error_rate",
                "jvm_memory_used_bytes");
    }

    @Test
    void theKubernetesExampleCarriesAValidConfigurationAndEnoughGraceForItsShutdown() throws IOException {
        String yaml = Files.readString(DOCS.resolve("kubernetes-sidecar.yaml"));
        int start = yaml.indexOf("sluice.conf: |\n");
        assertThat(start).as("the ConfigMap holds sluice.conf").isPositive();
        StringBuilder conf = new StringBuilder();
        for (String line : yaml.substring(start).split("\n", -1)) {
            if (line.startsWith("    ")) {
                conf.append(line.substring(4)).append('\n');
            } else if (conf.length() > 0 && !line.isBlank()) {
                break;
            }
        }
        Path file = Files.createTempFile("sluice-k8s", ".conf");
        try {
            Files.writeString(file, conf);
            SluiceSettings settings = SettingsLoader.load(file, new Properties(), Map.of());
            Matcher grace = Pattern.compile("terminationGracePeriodSeconds: (\\d+)").matcher(yaml);
            assertThat(grace.find()).isTrue();
            assertThat(Duration.ofSeconds(Long.parseLong(grace.group(1))))
                    .as("grace period vs sluice.server.shutdown-timeout")
                    .isGreaterThan(settings.server().shutdownTimeout());
            assertThat(yaml).contains("path: /health", "path: /ready", "prometheus.io/port: \"9090\"");
            assertThat(settings.admin().port()).isEqualTo(9090);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
