package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A gateway in a JVM of its own ({@code io.sluice.server.Main --config FILE}, on this JVM's class
 * path, so it works before the jar is packaged), on free ports, for tests that SIGKILL or SIGTERM
 * the gateway itself or watch its memory from outside.
 *
 * <p>Not thread-safe: one controlling test thread. Output goes to {@link #logFile()}.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final int adminPort;
    private final Path logFile;

    private GatewayProcess(Process process, int port, int adminPort, Path logFile) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        this.logFile = logFile;
    }

    /**
     * Starts a gateway for {@code bootstrapServers} with the HOCON lines layered on the defaults and
     * the given JVM options, and returns once its admin port answers /health.
     */
    public static GatewayProcess start(String bootstrapServers, List<String> jvmOptions, String... hocon) {
        int port = FreePorts.next();
        int adminPort = FreePorts.nextExcept(port);
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty(KafkaBroker.WORK_DIR_PROPERTY, "target/it-work"))
                    .toAbsolutePath());
            Path work = Files.createTempDirectory(dir, "gateway-");
            StringBuilder text = new StringBuilder()
                    .append("sluice.server.port = ").append(port).append('\n')
                    .append("sluice.admin.port = ").append(adminPort).append('\n')
                    .append("sluice.kafka.bootstrap-servers = \"").append(bootstrapServers).append("\"\n");
            for (String line : hocon) {
                text.append(line).append('\n');
            }
            Path config = work.resolve("gateway.conf");
            Files.writeString(config, text);
            Path logFile = work.resolve("gateway.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("io.sluice.server.Main");
            command.add("--config");
            command.add(config.toString());
            Process process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
            process.getOutputStream().close();
            GatewayProcess gateway = new GatewayProcess(process, port, adminPort, logFile);
            gateway.awaitHealthy();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a gateway process", e);
        }
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + " during start-up:\n"
                        + LogTail.of(logFile, 40));
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() - deadline > 0) {
                close();
                throw new IllegalStateException("gateway not healthy within " + START_TIMEOUT.toSeconds() + " s:\n"
                        + LogTail.of(logFile, 40));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling interval
        }
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM; returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit and returns its status; fails after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("gateway pid " + pid() + " still running " + timeout.toSeconds()
                        + " s later:\n" + LogTail.of(logFile, 40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Resident set size in KiB from /proc, or -1 where there is none. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Runs {@code jcmd <pid> <command...>} and returns its output. */
    public String jcmd(String... command) {
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(pid()));
        args.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the gateway's output. */
    public String logTail(int lines) {
        return LogTail.of(logFile, lines);
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
