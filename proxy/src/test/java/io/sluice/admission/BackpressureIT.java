package io.sluice.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.RawHttp;
import io.sluice.testing.TestGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backpressure against a real broker stalled with SIGSTOP: nothing is acknowledged, so the ring
 * fills with exactly what clients sent. Reads pause (visible from outside as a blocked writer and a
 * growing kernel receive queue), tiers are shed from the bottom, and everything resumes by itself.
 */
class BackpressureIT {

    private static final int BODY = 16 * 1024;
    private static final String BODY_TEXT = "b".repeat(BODY);

    private static KafkaBroker broker;
    private TestGateway gateway;

    @BeforeAll
    static void startBroker() {
        // A long session time-out so a paused broker is not fenced by its own controller on resume.
        broker = KafkaBroker.builder().partitions(2).property("broker.session.timeout.ms", "30000").start();
        broker.createTopic("bp-critical", 2);
        broker.createTopic("bp-bulk", 2);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopGateway() {
        if (broker.isRunning()) {
            broker.resume();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void startGateway(String... extra) {
        List<String> config = new ArrayList<>(List.of(
                "sluice.ring { slots = 256, max-bytes = 1 MiB }",
                "sluice.server { max-pipelined-requests = 4, socket-receive-buffer = 64 KiB }",
                "sluice.routes = [ { path = \"/v1/critical\", topic = bp-critical, tier = critical },"
                        + " { path = \"/v1/bulk\", topic = bp-bulk, tier = bulk } ]"));
        config.addAll(List.of(extra));
        gateway = TestGateway.start(broker.bootstrapServers(), config.toArray(new String[0]));
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path) {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(BODY_TEXT))
                .build();
        return gateway.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private double occupancy() {
        String status = gateway.get(gateway.adminUri("/status")).body();
        return Double.parseDouble(status.replaceAll(".*\"occupancy\":([0-9.]+).*", "$1"));
    }

    private int statusField(String field) {
        String status = gateway.get(gateway.adminUri("/status")).body();
        return Integer.parseInt(status.replaceAll(".*\"" + field + "\":(\\d+).*", "$1"));
    }

    /** Fills the ring to about {@code share} of its bytes with critical requests Kafka cannot take. */
    private List<CompletableFuture<HttpResponse<String>>> fill(double share) {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        int count = (int) Math.ceil(share * (1 << 20) / (BODY + 16));
        for (int i = 0; i < count; i++) {
            pending.add(postAsync("/v1/critical"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> occupancy() >= share - 0.02);
        return pending;
    }

    @Test
    void pausedReadsPushBackThroughTcpAndNothingIsLost() throws Exception {
        startGateway();
        broker.pause();
        List<CompletableFuture<HttpResponse<String>>> fillers = fill(0.82);

        // A client that keeps writing pipelined requests on one connection.
        int requests = 400;
        byte[] request = RawHttp.post("/v1/critical", "text/plain", BODY_TEXT).getBytes(StandardCharsets.ISO_8859_1);
        AtomicLong written = new AtomicLong();
        try (Socket socket = new Socket()) {
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
            socket.setSoTimeout(60_000);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < requests; i++) {
                        out.write(request);
                        written.addAndGet(request.length);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The writer stalls: its socket is paused, the kernel buffers are full, TCP's window is 0.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> statusField("paused_connections") > 0);
            AtomicLong previousPoll = new AtomicLong(-1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        long now = written.get();
                        return previousPoll.getAndSet(now) == now;
                    });
            assertThat(writer).as("the writer is blocked by TCP").isNotDone();
            assertThat(written.get()).isLessThan((long) requests * request.length);
            long queued = receiveQueueBytes(gateway.port(), socket.getLocalPort());
            assertThat(queued).as("bytes wait in the gateway's kernel receive queue").isGreaterThan(0);

            // Kafka comes back: everything drains, the writer finishes, every request is answered.
            broker.resume();
            RawHttp.Answer answer;
            java.io.InputStream in = socket.getInputStream();
            int ok = 0;
            for (int i = 0; i < requests; i++) {
                answer = readAnswer(in);
                assertThat(answer.status).as(answer.body).isEqualTo(200);
                ok++;
            }
            writer.join();
            assertThat(ok).isEqualTo(requests);
        }
        for (CompletableFuture<HttpResponse<String>> filler : fillers) {
            assertThat(filler.join().statusCode()).isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> statusField("paused_connections") == 0);
        int expected = requests + fillers.size();
        assertThat(broker.consumeAll("bp-critical", expected, Duration.ofSeconds(60))).hasSizeGreaterThanOrEqualTo(expected);
    }

    @Test
    void lowerTiersAreShedFirstWithTheFull429Contract() {
        startGateway();
        broker.pause();
        List<CompletableFuture<HttpResponse<String>>> fillers = fill(0.87);

        HttpResponse<String> first = postAsync("/v1/bulk").join();
        HttpResponse<String> second = postAsync("/v1/bulk").join();
        for (HttpResponse<String> shed : List.of(first, second)) {
            assertThat(shed.statusCode()).as(shed.body()).isEqualTo(429);
            assertThat(shed.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 30));
            assertThat(shed.headers().firstValue("X-RateLimit-Limit")).isPresent();
            assertThat(shed.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
            assertThat(shed.headers().firstValue("X-RateLimit-Reset")).isPresent();
            assertThat(shed.headers().firstValue("RateLimit-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("\"bulk\";q="));
            assertThat(shed.headers().firstValue("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"bulk\";r=0;t="));
            assertThat(shed.body()).contains("\"error_code\":\"SYSTEM_SATURATED\"", "\"suggested_backoff_ms\":",
                    "\"service_health_status\":\"CONGESTED\"", "\"active_load_shedding_tier\":2");
        }
        Set<String> hints = new HashSet<>();
        for (HttpResponse<String> shed : List.of(first, second)) {
            hints.add(shed.headers().firstValue("Retry-After").orElse("") + "/"
                    + shed.body().replaceAll(".*\"suggested_backoff_ms\":(\\d+).*", "$1"));
        }
        assertThat(hints).as("two 429s differ in Retry-After or suggested_backoff_ms").hasSize(2);

        // Critical traffic is still admitted while bulk is shed.
        String before = gateway.get(gateway.adminUri("/status")).body();
        CompletableFuture<HttpResponse<String>> critical = postAsync("/v1/critical");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> criticalAdmitted() > criticalAdmitted(before));
        broker.resume();
        assertThat(critical.join().statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<String>> filler : fillers) {
            assertThat(filler.join().statusCode()).isEqualTo(200);
        }
        String status = gateway.get(gateway.adminUri("/status")).body();
        assertThat(status.replaceAll(".*\"name\":\"bulk\".*?\"shed\":\\{\"hard_limit\":(\\d+).*", "$1"))
                .as("both bulk requests counted as shed at the hard limit").isEqualTo("2");
    }

    private int criticalAdmitted() {
        return criticalAdmitted(gateway.get(gateway.adminUri("/status")).body());
    }

    private static int criticalAdmitted(String status) {
        return Integer.parseInt(status.replaceAll(".*\"name\":\"critical\".*?\"admitted\":(\\d+).*", "$1"));
    }

    @Test
    void recoversBelowTheLowWatermarkWithoutARestart() {
        startGateway();
        broker.pause();
        List<CompletableFuture<HttpResponse<String>>> fillers = fill(0.85);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> statusField("paused_connections") > 0);
        assertThat(gateway.get(gateway.adminUri("/status")).body()).contains("\"state\":\"RED\"");
        long resumed = System.nanoTime();
        broker.resume();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> statusField("paused_connections") == 0);
        long recoveryMillis = (System.nanoTime() - resumed) / 1_000_000;
        for (CompletableFuture<HttpResponse<String>> filler : fillers) {
            assertThat(filler.join().statusCode()).isEqualTo(200);
        }
        assertThat(gateway.get(gateway.adminUri("/status")).body()).contains("\"state\":\"GREEN\"");
        HttpResponse<String> bulk = postAsync("/v1/bulk").join();
        assertThat(bulk.statusCode()).as("bulk is admitted again").isEqualTo(200);
        assertThat(recoveryMillis).as("paused connections read again soon after Kafka returns").isLessThan(5000);
    }

    @Test
    void connectionPausedPastMaxPauseIsAnsweredInShedMode() {
        startGateway("sluice.shedding.max-pause = 300 ms");
        broker.pause();
        List<CompletableFuture<HttpResponse<String>>> fillers = fill(0.96);
        // Critical requests on paused connections: after max-pause they are read again and judged by
        // the hard limits, so a request that no longer fits gets 429 instead of waiting.
        try (RawHttp http = new RawHttp(gateway.port(), 30_000)) {
            http.write(RawHttp.post("/v1/critical", "text/plain", BODY_TEXT));
            for (int i = 0; i < 8; i++) {
                http.write(RawHttp.post("/v1/bulk", "text/plain", "late"));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> statusField("shed_mode_connections") > 0);
            broker.resume();
            assertThat(http.read().status).isEqualTo(200);
            for (int i = 0; i < 8; i++) {
                assertThat(http.read().status).isIn(200, 429);
            }
        }
        for (CompletableFuture<HttpResponse<String>> filler : fillers) {
            assertThat(filler.join().statusCode()).isIn(200, 429);
        }
    }

    private static RawHttp.Answer readAnswer(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
            lastFour = lastFour << 8 | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(text.toLowerCase(Locale.ROOT).replaceAll("(?s).*content-length: *(\\d+).*", "$1"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new RawHttp.Answer(Integer.parseInt(text.substring(9, 12)), text, body);
    }

    /**
     * The receive queue of the gateway's end of a loopback connection, from /proc/net/tcp:
     * what the kernel holds because the gateway is not reading.
     */
    private static long receiveQueueBytes(int serverPort, int clientPort) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", serverPort);
        String remote = String.format(Locale.ROOT, ":%04X", clientPort);
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(file);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                    return Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
                }
            }
        }
        return -1;
    }
}
