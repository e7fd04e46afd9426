package io.sluice.loadgen;

import io.sluice.testing.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The overload experiment behind docs/benchmarks.md: a gateway in its own JVM at {@code -Xmx256m}
 * in front of a broker slowed by a Kafka producer quota, offered 2× and then 10× its capacity under
 * an open model. Prints goodput as a share of capacity, the latency of 429 answers (how soon
 * shedding answers once the hard limit is crossed), heap after GC and RSS during the overload, and
 * how long the gateway takes to go back to GREEN once the load stops.
 *
 * <pre>loadtest/overload/run [overload-seconds]</pre>
 * Traffic goes to 127.0.0.1 only and every phase is bounded in time.
 */
public final class OverloadRun {

    private static final int RECORD = 4 * 1024;
    private static final long QUOTA_BYTES_PER_SECOND = 2L << 20;

    private OverloadRun() {
    }

    public static void main(String[] args) throws Exception {
        int overloadSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        Path work = Files.createTempDirectory("sluice-overload");
        try {
            run(overloadSeconds, work);
        } finally {
            deleteRecursively(work);
        }
    }

    /** The broker's data is hundreds of megabytes; nothing in it is needed once the run ends. */
    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(int overloadSeconds, Path work) throws Exception {
        try (KafkaBroker broker = KafkaBroker.builder().dataDir(work.resolve("kafka")).partitions(3)
                .property("broker.session.timeout.ms", "30000").start()) {
            broker.createTopic("overload", 3);
            int port = freePort();
            int adminPort = freePort();
            Path conf = work.resolve("gateway.conf");
            Files.writeString(conf, String.join("\n",
                    "sluice.server { port = " + port + ", max-connections = 512, max-content-length = 64 KiB }",
                    "sluice.admin.port = " + adminPort,
                    "sluice.kafka.bootstrap-servers = \"" + broker.bootstrapServers() + "\"",
                    // Half a second of the quota: the 400 requests the client keeps in flight (1.6 MiB)
                    // can fill it, so the watermarks and hard limits come into play.
                    "sluice.ring { slots = 4096, max-bytes = 1 MiB }", ""));
            Process gateway = new ProcessBuilder(javaBin(), "-Xmx256m", "-XX:MaxDirectMemorySize=128m",
                    "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    "io.sluice.server.Main", "--config", conf.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("gateway.log").toFile()).start();
            try {
                awaitReady(adminPort);
                URI target = URI.create("http://127.0.0.1:" + port + "/topics/overload");
                // In-flight requests stay below max-connections: beyond that the gateway answers 503
                // SERVER_BUSY by design, which would measure the connection limit, not shedding.
                OpenLoad load = new OpenLoad(target, new byte[RECORD], 400);
                System.out.printf(Locale.ROOT, "machine: %d cores, load average %s%n",
                        Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());

                // Capacity: the quota bounds what Kafka takes in. The broker enforces it over a
                // window of several seconds, so a short run can exceed it; the long runs below
                // converge to it, and report what they measured.
                broker.setProducerByteRate(QUOTA_BYTES_PER_SECOND);
                double capacity = (double) QUOTA_BYTES_PER_SECOND / (RECORD + 64);
                OpenLoad.Result warmUp = load.run(capacity, Duration.ofSeconds(15));
                System.out.printf(Locale.ROOT, "capacity C = %.0f records/s (quota %d KiB/s, %d B records); at 1x C: %s%n",
                        capacity, QUOTA_BYTES_PER_SECOND >> 10, RECORD, warmUp);

                OpenLoad.Result twice = load.run(2 * capacity, Duration.ofSeconds(30));
                System.out.printf(Locale.ROOT, "2x C: goodput %.1f %% of C; %s%n", 100 * twice.okPerSecond() / capacity, twice);

                List<String> memory = new ArrayList<>();
                long pid = gateway.pid();
                Thread sampler = new Thread(() -> sampleMemory(pid, memory, overloadSeconds));
                sampler.start();
                OpenLoad.Result tenTimes = load.run(10 * capacity, Duration.ofSeconds(overloadSeconds));
                sampler.join();
                System.out.printf(Locale.ROOT, "10x C for %d s: goodput %.1f %% of C; %s%n", overloadSeconds,
                        100 * tenTimes.okPerSecond() / capacity, tenTimes);
                memory.forEach(System.out::println);
                System.out.println("gateway alive after overload: " + gateway.isAlive()
                        + "; OutOfMemoryError in its log: " + Files.readString(work.resolve("gateway.log")).contains("OutOfMemoryError"));

                long stopped = System.nanoTime();
                broker.clearProducerByteRate();
                awaitGreen(adminPort);
                System.out.printf(Locale.ROOT, "back to GREEN %d ms after the load stopped%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped));
            } finally {
                gateway.destroy();
                gateway.waitFor(30, TimeUnit.SECONDS);
                gateway.destroyForcibly();
            }
        }
    }

    private static void sampleMemory(long pid, List<String> out, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try {
                run("jcmd", Long.toString(pid), "GC.run");
                String heap = run("jcmd", Long.toString(pid), "GC.heap_info");
                String used = heap.replaceAll("(?s).*?garbage-first heap\\s+total (\\d+)K, used (\\d+)K.*", "$2");
                String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
                out.add(String.format(Locale.ROOT, "t+%3ds heap after GC %s KiB, %s",
                        seconds - TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime()), used, rss));
                TimeUnit.SECONDS.sleep(10); // pacing of the samples
            } catch (IOException | InterruptedException e) {
                out.add("sampling stopped: " + e);
                return;
            }
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return text;
    }

    private static void awaitReady(int adminPort) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling a starting process
        }
        throw new IllegalStateException("gateway not ready within 60 s");
    }

    private static void awaitGreen(int adminPort) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (status.contains("\"state\":\"GREEN\"")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10); // polling
        }
        throw new IllegalStateException("not GREEN within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
