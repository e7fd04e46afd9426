package io.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin port's {@code /metrics} against a real broker: meters move with traffic, and under a
 * broker throttled by Kafka's own producer quota the pressure meters, {@code /status} and
 * {@code /ready} tell the story an operator needs.
 */
class MetricsIT {

    private static final Duration SCRAPE_POLL = Duration.ofMillis(100);

    private static KafkaBroker broker;

    @BeforeAll
    static void broker() {
        broker = KafkaBroker.shared();
    }

    private static Scrape scrape(TestGateway gateway) {
        HttpResponse<String> response = gateway.get(gateway.adminUri("/metrics"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private static String requests(String route, int status) {
        return "sluice_requests_total{route=\"" + route + "\",status=\"" + status + "\"}";
    }

    @Test
    void requestsRecordsAndLatencyMoveWithTraffic() {
        try (TestGateway gateway = TestGateway.start(broker.bootstrapServers(),
                "sluice.metrics.quantile-interval = 200 ms",
                "sluice.routes = [ { path = \"/v1/mx-orders\", topic = mx-orders, tier = critical } ]")) {
            HttpResponse<String> first = gateway.get(gateway.adminUri("/metrics"));
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            Scrape before = Scrape.parse(first.body());
            assertThat(before.value(requests("/topics", 200))).as("counters exist before any traffic").isZero();
            assertThat(before.value("sluice_records_total{topic=\"mx-orders\"}")).isZero();
            assertThat(before.value("sluice_kafka_available")).isEqualTo(1);
            assertThat(before.value("sluice_pressure_state")).isZero();
            assertThat(before.value("sluice_active_shedding_tier")).isEqualTo(-1);
            assertThat(before.text())
                    .as("JVM, Kafka producer and Netty allocator meters are bound")
                    .contains("jvm_memory_used_bytes{")
                    .contains("jvm_gc_")
                    .contains("jvm_threads_live_threads")
                    .contains("kafka_producer_record_send_rate{")
                    .contains("kafka_producer_record_error_rate{")
                    .contains("sluice_netty_allocator_used_bytes{allocator=\"adaptive\",area=\"direct\"}");

            for (int i = 0; i < 5; i++) {
                assertThat(gateway.post("/topics/mx-a", "text/plain", "r" + i).statusCode()).isEqualTo(200);
            }
            assertThat(gateway.post("/v1/mx-orders", "application/x-ndjson", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
                    .statusCode()).isEqualTo(200);
            assertThat(gateway.post("/nowhere", "text/plain", "x").statusCode()).isEqualTo(404);
            assertThat(gateway.post("/topics/bad$name", "text/plain", "x").statusCode()).isEqualTo(400);
            assertThat(gateway.get(gateway.uri("/topics/mx-a")).statusCode()).isEqualTo(405);

            // Counters are written before the answer is flushed, so they are already there.
            Scrape after = scrape(gateway);
            assertThat(after.value(requests("/topics", 200))).isEqualTo(5);
            assertThat(after.value(requests("/v1/mx-orders", 200))).isEqualTo(1);
            assertThat(after.value(requests("none", 404))).as("an unknown path has no route").isEqualTo(1);
            assertThat(after.value(requests("/topics", 400))).isEqualTo(1);
            assertThat(after.value(requests("/topics", 405))).isEqualTo(1);
            assertThat(after.value("sluice_records_total{topic=\"mx-a\"}")).isEqualTo(5);
            assertThat(after.value("sluice_records_total{topic=\"mx-orders\"}")).as("one request, three records")
                    .isEqualTo(3);
            assertThat(after.value("sluice_ring_slots_used")).isZero();

            // Quantiles appear once an interval holding answers has closed, and an interval with no
            // answer shows NaN: keep answering while waiting, so whichever interval closes has some.
            await().atMost(Duration.ofSeconds(20)).pollInterval(SCRAPE_POLL).untilAsserted(() -> {
                assertThat(gateway.post("/topics/mx-a", "text/plain", "tick").statusCode()).isEqualTo(200);
                Scrape s = scrape(gateway);
                assertThat(s.value("sluice_ack_latency_seconds{quantile=\"0.5\"}")).isPositive();
                assertThat(s.value("sluice_ack_latency_seconds{quantile=\"max\"}"))
                        .isGreaterThanOrEqualTo(s.value("sluice_ack_latency_seconds{quantile=\"0.99\"}"));
            });
            await().atMost(Duration.ofSeconds(10)).pollInterval(SCRAPE_POLL).untilAsserted(() ->
                    assertThat(scrape(gateway).value("sluice_event_loop_delay_seconds{quantile=\"max\"}"))
                            .as("the probes run on every ingest loop").isNotNaN().isLessThan(1.0));
        }
    }

    private static String pressure(Scrape s) {
        StringBuilder text = new StringBuilder();
        for (String series : new String[] {"sluice_ring_occupancy_ratio", "sluice_ring_bytes_used", "sluice_ring_slots_used",
                "sluice_pressure_state", "sluice_channels_paused", "sluice_read_pauses_total", "sluice_read_resumes_total",
                "sluice_shed_total{reason=\"hard_limit\",tier=\"bulk\"}", "sluice_shed_total{reason=\"ring_full\",tier=\"bulk\"}",
                "sluice_shed_total{reason=\"hard_limit\",tier=\"standard\"}", "sluice_kafka_available",
                "sluice_drain_rate_bytes_per_second"}) {
            text.append(series).append('=').append(s.valueOrZero(series)).append(' ');
        }
        return text.toString();
    }

    /** Client-side tally of one load run. */
    private static final class Tally {
        final ConcurrentHashMap<String, LongAdder> byRouteAndStatus = new ConcurrentHashMap<>();
        final LongAdder failures = new LongAdder();

        void count(String route, int status) {
            byRouteAndStatus.computeIfAbsent(route + ' ' + status, k -> new LongAdder()).increment();
        }

        @Override
        public String toString() {
            return new java.util.TreeMap<>(byRouteAndStatus) + " failures=" + failures;
        }

        long total(String route) {
            long sum = 0;
            for (var e : byRouteAndStatus.entrySet()) {
                if (e.getKey().startsWith(route + ' ')) {
                    sum += e.getValue().sum();
                }
            }
            return sum;
        }

        long get(String route, int status) {
            LongAdder adder = byRouteAndStatus.get(route + ' ' + status);
            return adder == null ? 0 : adder.sum();
        }
    }

    /**
     * Sends 8 KiB records, alternating between a standard-tier topic and a bulk-tier route, with at
     * most {@code concurrency} requests in flight, until stopped; waits for the last answers.
     */
    private static final class Load {
        // The HTTP client's tasks; their number is bounded by the in-flight semaphore (concurrency).
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
        private final Semaphore inFlight;
        private final int concurrency;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread feeder;
        final Tally tally = new Tally();

        Load(TestGateway gateway, int concurrency) {
            this.concurrency = concurrency;
            this.inFlight = new Semaphore(concurrency);
            byte[] body = new byte[8192];
            java.util.Arrays.fill(body, (byte) 'x');
            HttpRequest standard = HttpRequest.newBuilder(gateway.uri("/topics/mx-load"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpRequest bulk = HttpRequest.newBuilder(gateway.uri("/v1/mx-bulk"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            AtomicInteger sequence = new AtomicInteger();
            feeder = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    boolean isBulk = (sequence.incrementAndGet() & 1) == 0;
                    CompletableFuture<HttpResponse<Void>> answer =
                            client.sendAsync(isBulk ? bulk : standard, HttpResponse.BodyHandlers.discarding());
                    answer.whenComplete((response, error) -> {
                        if (response != null) {
                            tally.count(isBulk ? "/v1/mx-bulk" : "/topics", response.statusCode());
                        } else {
                            tally.failures.increment();
                        }
                        inFlight.release();
                    });
                }
            }, "metrics-it-load");
            feeder.start();
        }

        /** Stops sending and waits until every request sent has its answer. */
        void stop() throws InterruptedException {
            running.set(false);
            feeder.join(5_000);
            assertThat(inFlight.tryAcquire(concurrency, 30, TimeUnit.SECONDS))
                    .as("every request sent was answered").isTrue();
            executor.shutdownNow();
        }
    }

    @Test
    void aThrottledBrokerMovesThePressureMetersAndTheyRecover() throws InterruptedException {
        try (TestGateway gateway = TestGateway.start(broker.bootstrapServers(),
                "sluice.ring { slots = 64, max-bytes = 256 KiB }",
                "sluice.server.max-content-length = 64 KiB",
                "sluice.shedding.max-pause = 500 ms",
                "sluice.routes = [ { path = \"/v1/mx-bulk\", topic = mx-bulk, tier = bulk } ]")) {
            // Topics exist and metadata is known before the broker slows down.
            assertThat(gateway.post("/topics/mx-load", "text/plain", "warm").statusCode()).isEqualTo(200);
            assertThat(gateway.post("/v1/mx-bulk", "text/plain", "warm").statusCode()).isEqualTo(200);
            assertThat(gateway.get(gateway.adminUri("/ready")).statusCode()).isEqualTo(200);
            assertThat(gateway.get(gateway.adminUri("/status")).body()).contains("\"state\":\"GREEN\"");

            AtomicInteger worstPressure = new AtomicInteger();
            // The gauge is read at each scrape; between two of them the ring may just have emptied.
            DoubleAccumulator highestOccupancy = new DoubleAccumulator(Math::max, 0);
            AtomicBoolean statusLeftGreen = new AtomicBoolean();
            Scrape underPressure;
            Load load = null;
            broker.setProducerByteRate(128 * 1024);
            try {
                // 48 requests of 8 KiB in flight want 384 KiB: more than the ring's 256 KiB.
                load = new Load(gateway, 48);
                Load running = load;
                Scrape[] last = new Scrape[1];
                await().atMost(Duration.ofSeconds(30)).pollInterval(SCRAPE_POLL).untilAsserted(() -> {
                    Scrape s = scrape(gateway);
                    last[0] = s;
                    worstPressure.accumulateAndGet((int) s.value("sluice_pressure_state"), Math::max);
                    highestOccupancy.accumulate(s.value("sluice_ring_occupancy_ratio"));
                    if (!gateway.get(gateway.adminUri("/status")).body().contains("\"state\":\"GREEN\"")) {
                        statusLeftGreen.set(true);
                    }
                    boolean paused = s.value("sluice_channels_paused") > 0 || s.value("sluice_read_pauses_total") > 0;
                    boolean bulkShed = s.value("sluice_shed_total{reason=\"hard_limit\",tier=\"bulk\"}") > 0;
                    assertThat(paused && worstPressure.get() > 0 && statusLeftGreen.get() && bulkShed)
                            .as("paused %s, worst pressure %s, /status left GREEN %s, bulk shed %s; %s; answers %s",
                                    paused, worstPressure, statusLeftGreen, bulkShed, pressure(s), running.tally)
                            .isTrue();
                });
                underPressure = last[0];
            } finally {
                try {
                    if (load != null) {
                        load.stop();
                    }
                } finally {
                    broker.clearProducerByteRate();
                }
            }
            assertThat(highestOccupancy.get()).as("highest sluice_ring_occupancy_ratio seen under pressure").isPositive();
            assertThat(underPressure.value("sluice_shed_total{reason=\"hard_limit\",tier=\"critical\"}"))
                    .as("no critical traffic was sent").isZero();

            // Every answer the clients got is counted once, by route and status.
            Scrape settled = scrape(gateway);
            assertThat(load.tally.failures.sum()).as("requests without an answer").isZero();
            for (String route : new String[] {"/topics", "/v1/mx-bulk"}) {
                for (int status : new int[] {200, 429, 503}) {
                    assertThat(settled.valueOrZero(requests(route, status)))
                            .as(route + " " + status)
                            .isEqualTo(load.tally.get(route, status) + (status == 200 ? 1 : 0));
                }
            }
            for (String route : new String[] {"/topics", "/v1/mx-bulk"}) {
                assertThat(settled.sum("sluice_requests_total{route=\"" + route + "\","))
                        .as(route + ", all statuses, with the warm-up request").isEqualTo(load.tally.total(route) + 1);
            }
            assertThat(load.tally.get("/v1/mx-bulk", 429)).as("bulk was shed").isPositive();
            assertThat(settled.value("sluice_shed_total{reason=\"hard_limit\",tier=\"bulk\"}")
                    + settled.value("sluice_shed_total{reason=\"ring_full\",tier=\"bulk\"}"))
                    .isEqualTo(load.tally.get("/v1/mx-bulk", 429));

            // With the quota gone, the ring drains and everything returns to normal on its own.
            await().atMost(Duration.ofSeconds(20)).pollInterval(SCRAPE_POLL).untilAsserted(() -> {
                Scrape s = scrape(gateway);
                assertThat(s.value("sluice_pressure_state")).isZero();
                assertThat(s.value("sluice_channels_paused")).isZero();
                assertThat(s.value("sluice_active_shedding_tier")).isEqualTo(-1);
                assertThat(s.value("sluice_ring_bytes_used")).isZero();
                assertThat(gateway.get(gateway.adminUri("/status")).body()).contains("\"state\":\"GREEN\"");
            });
            // A request first: if the throttle made deliveries time out, Kafka counts as unavailable
            // until an acknowledgement, and this request is the probe that brings one.
            assertThat(gateway.post("/v1/mx-bulk", "text/plain", "after").statusCode()).isEqualTo(200);
            assertThat(gateway.get(gateway.adminUri("/ready")).statusCode()).isEqualTo(200);
        }
    }

    private static CompletableFuture<?>[] burst(TestGateway gateway, int requests) {
        byte[] body = new byte[64 * 1024];
        CompletableFuture<?>[] answers = new CompletableFuture<?>[requests];
        for (int i = 0; i < requests; i++) {
            answers[i] = gateway.client().sendAsync(HttpRequest.newBuilder(gateway.uri("/topics/mx-drain"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
        }
        return answers;
    }

    @Test
    void readinessTurnsToDrainingWhileTheGatewayShutsDown() throws Exception {
        TestGateway gateway = TestGateway.start(broker.bootstrapServers());
        Thread closer = new Thread(gateway::close, "metrics-it-close");
        try {
            assertThat(gateway.post("/topics/mx-drain", "text/plain", "warm").statusCode()).isEqualTo(200);
            assertThat(gateway.get(gateway.adminUri("/ready")).statusCode()).isEqualTo(200);
            broker.setProducerByteRate(16 * 1024);
            // A first burst of 256 KiB puts the producer over its quota (the broker averages over a
            // window of about 10 s: some 25 KiB/s against 16): the broker answers with a throttle
            // time of seconds and the producer then holds back. A second burst waits out that throttle, so the
            // producer still owes answers when the gateway starts to close.
            CompletableFuture<?>[] first = burst(gateway, 4);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                    scrape(gateway).sum("kafka_producer_produce_throttle_time_max{") > 0);
            CompletableFuture<?>[] owed = burst(gateway, 2);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> scrape(gateway).value("sluice_ring_bytes_used") > 0);
            closer.start();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                HttpResponse<String> ready = gateway.get(gateway.adminUri("/ready"));
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("DRAINING");
            });
            // Their outcome during shutdown is not what this test is about; only let them finish.
            CompletableFuture.allOf(first).handle((ok, error) -> null).get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(owed).handle((ok, error) -> null).get(30, TimeUnit.SECONDS);
        } finally {
            broker.clearProducerByteRate();
            closer.join(30_000);
            gateway.close();
        }
    }
}
