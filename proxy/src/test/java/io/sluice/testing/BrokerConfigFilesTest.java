package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void listenersUseTheGivenPortsOnLoopback() {
        Map<String, String> props = BrokerConfigFiles.properties(dir, 19092, 19093, 3, Map.of());

        assertThat(props)
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("num.partitions", "3")
                .containsEntry("log.dirs", dir.resolve("logs").toString());
    }

    @Test
    void overridesWinOverDefaults() {
        Map<String, String> props = BrokerConfigFiles.properties(
                dir, 1, 2, 3, Map.of("num.partitions", "7", "message.max.bytes", "2097152"));

        assertThat(props).containsEntry("num.partitions", "7").containsEntry("message.max.bytes", "2097152");
    }

    @Test
    void writtenFileReadsBackAsTheSameProperties() throws IOException {
        Map<String, String> props = BrokerConfigFiles.properties(
                dir, 1, 2, 3, Map.of("sluice.test.path", "C:\\kafka\\data"));

        Path file = BrokerConfigFiles.write(dir, props);

        Properties loaded = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            loaded.load(in);
        }
        assertThat(loaded).as("what Kafka reads is what was configured").isEqualTo(new Properties() {
            {
                putAll(props);
            }
        });
        assertThat(dir.resolve(BrokerConfigFiles.LOGGING_FILE)).content().contains("<root level=\"WARN\">");
    }
}
