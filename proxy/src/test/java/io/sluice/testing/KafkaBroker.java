package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one process) running in a JVM
 * of its own, so tests can SIGKILL, SIGSTOP and restart it on the same data directory.
 *
 * <p>Thread contract: safe to use from any thread. Lifecycle methods ({@code kill}, {@code pause},
 * {@code resume}, {@code stop}, {@code restart}, {@code close}) are serialised on this instance.
 * The client helpers open their own short-lived clients and do not take that lock, so they can
 * run while the broker is paused, and will then time out.
 *
 * <p>The broker listens on 127.0.0.1 only. Its stdout and stderr go to {@link #logFile()}; its data
 * stays in {@link #dataDir()} after {@link #close()} for post-mortems. A start costs seconds (a JVM,
 * storage format, a KRaft election), so tests that only produce and consume use {@link #shared()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    static final String WORK_DIR_PROPERTY = "sluicetest.work";
    private static final String LOG_FILE = "broker.log";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static KafkaBroker shared; // guarded by KafkaBroker.class

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Path propertiesFile;
    private final String clusterId = Uuid.randomUuid().toString();
    private final String classPath = BrokerClasspath.resolve();
    private final Duration startTimeout;
    private final Thread shutdownHook;

    private BrokerProcess process; // guarded by this

    private KafkaBroker(Builder builder, Path dataDir, int brokerPort, int controllerPort) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.startTimeout = builder.startTimeout;
        this.propertiesFile = BrokerConfigFiles.write(dataDir, BrokerConfigFiles.properties(
                dataDir, brokerPort, controllerPort, builder.partitions, builder.overrides));
        this.shutdownHook = new Thread(this::stopQuietly, "kafka-broker-stop-" + brokerPort);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The broker shared by every test in this JVM: started on first use, restarted if a test left it
     * dead, stopped when the JVM exits. Tests that kill or pause a broker must start their own.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = builder().dataDir(newWorkDir("shared-broker-")).start();
        } else if (!shared.isRunning()) {
            shared.restart();
        }
        return shared;
    }

    /** {@code 127.0.0.1:<port>}, the same across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Process id of the current (or, after a kill or stop, the last) broker JVM. */
    public synchronized long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker JVM's stdout and stderr, appended to across restarts. */
    public Path logFile() {
        return dataDir.resolve(LOG_FILE);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown, no flush. Returns once the process is gone. No-op if not running. */
    public synchronized void kill() {
        if (isRunning()) {
            process.kill(STOP_TIMEOUT);
        }
    }

    /** SIGSTOP: connections stay open, nothing is answered. Returns once the process is stopped. */
    public synchronized void pause() {
        requireRunning("pause").pause();
    }

    /** SIGCONT, undoing {@link #pause()}. */
    public synchronized void resume() {
        requireRunning("resume").resume();
    }

    /** SIGTERM and wait for Kafka's clean shutdown. No-op if not running. */
    public synchronized void stop() {
        if (isRunning()) {
            process.terminate(STOP_TIMEOUT);
        }
    }

    /**
     * Starts the broker again on the same data directory and ports and returns once it answers;
     * stops it first if it is still running.
     */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the broker and keeps its data directory. */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; stopping twice is harmless.
        }
        stop();
    }

    public void createTopic(String name, int partitions) {
        BrokerClients.createTopic(bootstrapServers(), name, partitions);
    }

    public void deleteTopic(String name) {
        BrokerClients.deleteTopic(bootstrapServers(), name);
    }

    /** Throttles every producer (the default client-id quota) with Kafka's own quota mechanism. */
    public void setProducerByteRate(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond: " + bytesPerSecond + " (expected: > 0)");
        }
        BrokerClients.setProducerByteRate(bootstrapServers(), bytesPerSecond);
    }

    public void clearProducerByteRate() {
        BrokerClients.setProducerByteRate(bootstrapServers(), null);
    }

    /**
     * Reads {@code topic} from the beginning with a fresh consumer; returns once {@code expectedCount}
     * records were read or {@code timeout} passed, with whatever was read.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int expectedCount, Duration timeout) {
        return BrokerClients.consumeAll(bootstrapServers(), topic, expectedCount, timeout);
    }

    /** Blocks until the broker JVM exits and returns its status; for {@link DevBroker}. */
    int awaitExit() throws InterruptedException {
        BrokerProcess current;
        synchronized (this) {
            current = process;
        }
        return current.awaitExit();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
    }

    private void launch() {
        boolean format = !Files.exists(dataDir.resolve(BrokerConfigFiles.LOG_DIRS).resolve("meta.properties"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + dataDir.resolve(BrokerConfigFiles.LOGGING_FILE),
                "-D" + BrokerMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-cp", classPath,
                BrokerMain.class.getName(),
                propertiesFile.toString()));
        if (format) {
            command.add(clusterId);
        }
        long started = System.nanoTime();
        process = BrokerProcess.launch(command, dataDir, logFile());
        BrokerReadiness.await(process, brokerPort, startTimeout, logFile());
        log.info("Kafka broker pid {} ready at {} after {} ms{}", process.pid(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), format ? " (formatted)" : "");
    }

    private BrokerProcess requireRunning(String action) {
        if (!isRunning()) {
            throw new IllegalStateException("cannot " + action + " " + this + ": not running (expected: started and "
                    + "not killed or stopped)");
        }
        return process;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("could not stop " + this + ": " + e.getMessage());
        }
    }

    private static Path newWorkDir(String prefix) {
        Path work = Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/it-work")).toAbsolutePath();
        try {
            Files.createDirectories(work);
            return Files.createTempDirectory(work, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a broker directory under " + work, e);
        }
    }

    /**
     * Configures and starts a broker. Not thread-safe; use from one thread, then discard.
     */
    public static final class Builder {

        private Path dataDir;
        private int partitions = 3;
        private int brokerPort;
        private int controllerPort;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** Where data, config and log live; default: a fresh directory under {@code sluicetest.work}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir.toAbsolutePath();
            return this;
        }

        /** {@code num.partitions} for auto-created topics; default 3. */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions: " + partitions + " (expected: >= 1)");
            }
            this.partitions = partitions;
            return this;
        }

        /** A server property applied after the defaults, so it wins over them. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Client listener port; default 0, meaning a free port. */
        public Builder brokerPort(int port) {
            this.brokerPort = checkPort(port, "brokerPort");
            return this;
        }

        /** Controller listener port; default 0, meaning a free port. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port, "controllerPort");
            return this;
        }

        /** How long {@link #start()} and {@link KafkaBroker#restart()} wait for an answer; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout: " + timeout + " (expected: > 0)");
            }
            this.startTimeout = timeout;
            return this;
        }

        /** Formats storage if the data directory has none, starts the broker and waits until it answers. */
        public KafkaBroker start() {
            int broker = brokerPort != 0 ? brokerPort : FreePorts.nextExcept(controllerPort);
            int controller = controllerPort != 0 ? controllerPort : FreePorts.nextExcept(broker);
            if (broker == controller) {
                throw new IllegalArgumentException("brokerPort and controllerPort: both " + broker
                        + " (expected: different ports)");
            }
            Path dir = dataDir != null ? dataDir : newWorkDir("broker-");
            KafkaBroker kafka = new KafkaBroker(this, dir, broker, controller);
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            try {
                synchronized (kafka) {
                    kafka.launch();
                }
            } catch (RuntimeException e) {
                Runtime.getRuntime().removeShutdownHook(kafka.shutdownHook);
                throw e;
            }
            return kafka;
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + ": " + port + " (expected: 0..65535)");
            }
            return port;
        }
    }
}
