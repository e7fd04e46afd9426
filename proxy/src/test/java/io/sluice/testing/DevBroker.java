package io.sluice.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a Kafka broker for local development on a fixed port, keeping its data across runs.
 *
 * <p>Single-threaded: the main thread starts the broker and waits for it to exit; a JVM shutdown
 * hook (SIGINT, SIGTERM) stops it.
 *
 * <p>Usage: {@code DevBroker [--port N] [--controller-port N] [--data-dir DIR]}; the system
 * properties {@code sluice.dev.kafka.port}, {@code sluice.dev.kafka.controller.port} and
 * {@code sluice.dev.kafka.dir} set the same. Defaults: 9092, a free port, {@code .dev-kafka}. Prints
 * exactly one line, {@code Kafka ready at 127.0.0.1:<port>}, to stdout once the broker answers.
 */
public final class DevBroker {

    private DevBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.getInteger("sluice.dev.kafka.port", 9092);
        int controllerPort = Integer.getInteger("sluice.dev.kafka.controller.port", 0);
        Path dataDir = Path.of(System.getProperty("sluice.dev.kafka.dir", ".dev-kafka"));
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = parsePort("--port", value);
                case "--controller-port" -> controllerPort = parsePort("--controller-port", value);
                case "--data-dir" -> dataDir = Path.of(requireValue("--data-dir", value));
                default -> fail("unknown argument: " + args[i]
                        + " (expected: --port N, --controller-port N or --data-dir DIR)");
            }
            i++;
        }
        if (!FreePorts.isFree(port)) {
            fail("127.0.0.1:" + port + " is in use (expected: a free port; is another broker already running?)");
        }

        KafkaBroker broker;
        try {
            broker = KafkaBroker.builder().dataDir(dataDir).brokerPort(port).controllerPort(controllerPort).start();
        } catch (RuntimeException e) {
            fail("Kafka did not start: " + e.getMessage());
            return;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            broker.close();
        }, "dev-broker-stop"));
        System.out.println("Kafka ready at " + broker.bootstrapServers());
        System.out.flush();

        int status = broker.awaitExit();
        if (!stopping.get()) {
            fail("Kafka broker exited with status " + status + " (expected: to run until stopped); see "
                    + broker.logFile());
        }
    }

    private static int parsePort(String option, String value) {
        try {
            int port = Integer.parseInt(requireValue(option, value));
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + ": " + value + " (expected: a port number 0..65535)");
        return -1;
    }

    private static String requireValue(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("DevBroker: " + message);
        System.exit(1);
    }
}
