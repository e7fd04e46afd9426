package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka refusing individual records, not being away: a record larger than the broker's
 * message.max.bytes, and a topic deleted while in use (auto-creation off). Each gets a clear
 * per-request or per-record error, and the gateway keeps serving other topics.
 */
class KafkaRejectionIT {

    private static final String JSON_V2 = "application/vnd.kafka.json.v2+json";

    private static KafkaBroker broker;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.builder()
                .property("message.max.bytes", "10000")
                .property("auto.create.topics.enable", "false")
                .start();
        broker.createTopic("rj-big", 1);
        broker.createTopic("rj-other", 1);
        gateway = TestGateway.start(broker.bootstrapServers(),
                "sluice.server.max-content-length = 64 KiB", Faults.GATEWAY[0], Faults.GATEWAY[1]);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void assertOtherTopicServed() {
        Faults.await("another topic is still served", Duration.ofSeconds(20),
                () -> gateway.post("/topics/rj-other", "text/plain", "still here").statusCode() == 200);
    }

    @Test
    void recordLargerThanTheBrokerAcceptsIs413() {
        long start = System.nanoTime();
        HttpResponse<String> big = gateway.post("/topics/rj-big", "text/plain", "x".repeat(20_000));
        long millis = (System.nanoTime() - start) / 1_000_000;
        Faults.record("record > message.max.bytes (raw)", big.statusCode() + " " + big.body() + " in " + millis + " ms");
        assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
        assertThat(big.body()).contains("\"error_code\":\"RECORD_TOO_LARGE\"");
        assertOtherTopicServed();
        assertThat(gateway.post("/topics/rj-big", "text/plain", "small").statusCode()).as("same topic, small record").isEqualTo(200);
    }

    /**
     * With the producer's max.request.size aligned to the broker's message.max.bytes, the oversized
     * record is refused by the producer at once and the rest of the batch is written. Without that
     * alignment the producer sends the whole batch, the broker refuses it, and the producer's batch
     * splitting (which splits by batch.size, not by the broker's limit) retries it until
     * delivery.timeout.ms: every record of the batch is then answered as unavailable (see
     * docs/reliability.md).
     */
    @Test
    void largeRecordInARestProxyBatchGetsItsOwnError() {
        try (TestGateway aligned = TestGateway.start(broker.bootstrapServers(),
                "sluice.server.max-content-length = 64 KiB", Faults.GATEWAY[0],
                "sluice.kafka.producer { \"max.block.ms\" = \"1000\", \"request.timeout.ms\" = \"2000\","
                        + " \"delivery.timeout.ms\" = \"5000\", \"linger.ms\" = \"5\", \"max.request.size\" = \"10000\" }")) {
            String body = "{\"records\":[{\"value\":\"small\"},{\"value\":\"" + "y".repeat(20_000) + "\"},{\"value\":\"also small\"}]}";
            HttpResponse<String> response = aligned.post("/topics/rj-big", JSON_V2, body);
            Faults.record("record > message.max.bytes (v2 batch, max.request.size aligned)", response.statusCode() + " " + response.body());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body())
                    .contains("{\"partition\":null,\"offset\":null,\"error_code\":2,\"error\":\"the record is larger than Kafka accepts\"}")
                    .containsPattern("^\\{\"offsets\":\\[\\{\"partition\":0,\"offset\":\\d+,\"error_code\":null");
        }
        assertOtherTopicServed();
    }

    /**
     * After the deletion the deleted topic is answered 404 (the broker says the topic is unknown)
     * or 503 (the producer waited for its metadata in vain, which a live topic can also cause, so
     * it stays retriable), each within request-timeout, and soon without waiting at all. Other
     * topics are served all along: one topic's trouble is not Kafka being away.
     */
    @Test
    void topicDeletedWhileInUseIsRefusedQuicklyAndOtherTopicsKeepWorking() {
        broker.createTopic("rj-doomed", 1);
        assertThat(gateway.post("/topics/rj-doomed", "text/plain", "before").statusCode()).isEqualTo(200);
        broker.deleteTopic("rj-doomed");
        StringBuilder answers = new StringBuilder();
        long deleted = System.nanoTime();
        Faults.await("the deleted topic is refused without waiting", Duration.ofSeconds(30), () -> {
            long start = System.nanoTime();
            HttpResponse<String> after = gateway.post("/topics/rj-doomed", "text/plain", "after");
            long millis = (System.nanoTime() - start) / 1_000_000;
            HttpResponse<String> other = gateway.post("/topics/rj-other", "text/plain", "meanwhile");
            answers.append(after.statusCode()).append(" in ").append(millis).append(" ms, other ").append(other.statusCode()).append("; ");
            assertThat(millis).as("answered within request-timeout").isLessThanOrEqualTo(Faults.REQUEST_TIMEOUT.toMillis());
            assertThat(after.statusCode()).as(after.body()).isIn(404, 503);
            assertThat(other.statusCode()).as("a deleted topic must not make the gateway refuse others: %s", other.body())
                    .isEqualTo(200);
            return millis < 500 && (after.body().contains("\"error_code\":\"TOPIC_NOT_FOUND\"")
                    || after.body().contains("\"error_code\":\"TOPIC_METADATA_UNAVAILABLE\""));
        });
        Faults.record("topic deleted while in use", answers + "refused at once after " + (System.nanoTime() - deleted) / 1_000_000 + " ms");
        HttpResponse<String> batch = gateway.post("/topics/rj-doomed", JSON_V2, "{\"records\":[{\"value\":1}]}");
        assertThat(batch.statusCode()).as(batch.body()).isIn(200, 404, 503);
        if (batch.statusCode() == 200) {
            assertThat(batch.body()).contains("\"error_code\":2");
        }
    }

    /**
     * A topic that does not exist (auto-creation off) costs one wait of max.block.ms on the ring's
     * thread, answered 503 TOPIC_METADATA_UNAVAILABLE; later requests for it are refused at once
     * for a while instead of stalling the ring again.
     */
    @Test
    void topicThatNeverExistedIsRefusedAndThenRefusedAtOnce() {
        long start = System.nanoTime();
        HttpResponse<String> response = gateway.post("/topics/rj-never", "text/plain", "x");
        long millis = (System.nanoTime() - start) / 1_000_000;
        long again = System.nanoTime();
        HttpResponse<String> second = gateway.post("/topics/rj-never", "text/plain", "y");
        long secondMillis = (System.nanoTime() - again) / 1_000_000;
        Faults.record("topic never existed (auto-create off)", response.statusCode() + " " + response.body() + " in "
                + millis + " ms, then " + second.statusCode() + " in " + secondMillis + " ms");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).contains("\"error_code\":\"TOPIC_METADATA_UNAVAILABLE\"");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(secondMillis).as("remembered: no second wait for metadata").isLessThan(500);
        assertOtherTopicServed();
    }
}
