package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shutdown while requests are in flight: every request that was read is answered (2xx once Kafka
 * has it, 503 otherwise), and every 2xx record is in the log.
 */
class GracefulShutdownIT {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.builder().partitions(1).property("broker.session.timeout.ms", "30000").start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static List<CompletableFuture<HttpResponse<String>>> sendConcurrently(TestGateway gateway, String topic, int count) {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(gateway.uri("/topics/" + topic))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/plain")
                    .header("X-Kafka-Key", "id-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("v" + i))
                    .build();
            answers.add(gateway.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return answers;
    }

    @Test
    void inFlightRequestsAreAnsweredAndAckedRecordsAreKept() {
        broker.createTopic("gs-drain", 1);
        TestGateway gateway = TestGateway.start(broker.bootstrapServers(), "sluice.server.shutdown-timeout = 15 s");
        List<CompletableFuture<HttpResponse<String>>> answers;
        broker.pause();
        try {
            answers = sendConcurrently(gateway, "gs-drain", 50);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.server().ring().budget().usedBytes() > 0);
        } finally {
            // Kafka comes back during the drain, so the records in flight can still be acknowledged.
            CompletableFuture.runAsync(broker::resume, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
        }
        boolean inTime = gateway.server().shutdown();
        assertThat(inTime).isTrue();

        List<String> ackedKeys = new ArrayList<>();
        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> future : answers) {
            HttpResponse<String> response;
            try {
                response = future.join();
            } catch (CompletionException e) {
                // A request the listener never read (sent after it closed) may be refused by TCP.
                assertThat(e.getCause()).isInstanceOf(IOException.class);
                continue;
            }
            answered++;
            assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
            if (response.statusCode() == 200) {
                ackedKeys.add(response.request().headers().firstValue("X-Kafka-Key").orElseThrow());
            }
        }
        assertThat(answered).as("the requests read before shutdown are answered").isGreaterThan(0);
        List<ConsumerRecord<byte[], byte[]>> log = broker.consumeAll("gs-drain", ackedKeys.size(), Duration.ofSeconds(30));
        List<String> logged = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : log) {
            logged.add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(logged).as("every acknowledged record is in the log").containsAll(ackedKeys);
    }

    @Test
    void shutdownTimeoutAnswers503ToWhatKafkaDidNotTake() {
        broker.createTopic("gs-timeout", 1);
        TestGateway gateway = TestGateway.start(broker.bootstrapServers(), "sluice.server.shutdown-timeout = 2 s");
        // One record first, so the producer knows the topic and sends without waiting for metadata.
        assertThat(gateway.post("/topics/gs-timeout", "text/plain", "warm-up").statusCode()).isEqualTo(200);
        broker.pause();
        try {
            List<CompletableFuture<HttpResponse<String>>> answers = sendConcurrently(gateway, "gs-timeout", 10);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.server().ring().budget().usedBytes() >= 10 * 6); // key id-N + value vN
            long start = System.nanoTime();
            boolean inTime = gateway.server().shutdown();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(inTime).as("Kafka never answered").isFalse();
            assertThat(tookMillis).as("bounded by shutdown-timeout plus the final close").isLessThan(6000);
            for (CompletableFuture<HttpResponse<String>> future : answers) {
                HttpResponse<String> response = future.join();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.body()).contains("SHUTTING_DOWN");
                Matcher retry = Pattern.compile("\\d+").matcher(response.headers().firstValue("Retry-After").orElse(""));
                assertThat(retry.matches()).isTrue();
            }
        } finally {
            broker.resume();
        }
    }

    @Test
    void newRequestsOnOpenConnectionsAreRefusedWhileDraining() {
        broker.createTopic("gs-ready", 1);
        TestGateway gateway = TestGateway.start(broker.bootstrapServers());
        assertThat(gateway.get(gateway.adminUri("/ready")).statusCode()).isEqualTo(200);
        broker.pause();
        CompletableFuture<Boolean> shutdown;
        try {
            sendConcurrently(gateway, "gs-ready", 1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gateway.server().ring().budget().usedBytes() > 0);
            shutdown = CompletableFuture.supplyAsync(() -> gateway.server().shutdown());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.server().isDraining());
            HttpResponse<String> ready = gateway.get(gateway.adminUri("/ready"));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("DRAINING");
        } finally {
            broker.resume();
        }
        assertThat(shutdown.join()).isTrue();
    }
}
