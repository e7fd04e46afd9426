package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the files a broker JVM reads at start: {@code server.properties} and its logging config.
 *
 * <p>Stateless and safe to call from any thread; callers must not write the same directory
 * concurrently.
 */
final class BrokerConfigFiles {

    static final String PROPERTIES_FILE = "server.properties";
    static final String LOGGING_FILE = "logback.xml";
    static final String LOG_DIRS = "logs";

    /**
     * The broker's class path carries logback (ours) and log4j-core (Kafka's), and Kafka logs
     * through SLF4J, so logback does the work. Startup, shutdown and log recovery milestones are
     * kept; the rest only when it is a warning. The config dump Kafka prints at start is dropped.
     */
    private static final String LOGBACK_XML = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
              <logger name="kafka.server.BrokerServer" level="INFO"/>
              <logger name="kafka.server.ControllerServer" level="INFO"/>
              <logger name="org.apache.kafka.storage.internals.log.LogManager" level="INFO"/>
              <logger name="org.apache.kafka.raft.QuorumState" level="INFO"/>
              <logger name="org.apache.kafka.server.BrokerLifecycleManager" level="INFO"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private BrokerConfigFiles() {
    }

    /**
     * The single-node broker+controller settings. {@code overrides} are applied last and win,
     * including over listeners and ports.
     */
    static Map<String, String> properties(
            Path dataDir, int brokerPort, int controllerPort, int partitions, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        // A static single-voter quorum: no --standalone bootstrap needed, and the controller port
        // may change between runs of the same data directory.
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve(LOG_DIRS).toString());
        props.put("num.partitions", Integer.toString(partitions));
        props.put("auto.create.topics.enable", "true");
        props.put("delete.topic.enable", "true");
        // One broker: every internal topic has to make do with one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "3");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // After a SIGKILL the restarted controller refuses the new broker incarnation until the old
        // one's session expires (9 s by default), so restart() would mostly wait. The price: a
        // pause() longer than the session fences the broker for a heartbeat or so after resume().
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");
        // Small files and buffers: tests write little, and the box running them is small.
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.putAll(overrides);
        return props;
    }

    /** Writes {@code server.properties} and the logging config into {@code dataDir}. */
    static Path write(Path dataDir, Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# Written by ").append(KafkaBroker.class.getName())
                .append(" at every start; edits are overwritten.\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        Path propertiesFile = dataDir.resolve(PROPERTIES_FILE);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(propertiesFile, text, StandardCharsets.UTF_8);
            Files.writeString(dataDir.resolve(LOGGING_FILE), LOGBACK_XML, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the broker configuration into " + dataDir, e);
        }
        return propertiesFile;
    }

    /** {@link java.util.Properties#load} treats a backslash as an escape. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
