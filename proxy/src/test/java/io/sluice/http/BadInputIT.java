package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.RawHttp;
import io.sluice.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind of bad request gets its status and a JSON error, and the gateway keeps serving. */
class BadInputIT {

    private static final String JSON_V2 = "application/vnd.kafka.json.v2+json";

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        // Created up front: with max.block.ms = 200 the producer may give up on a topic still being
        // auto-created.
        KafkaBroker.shared().createTopic("bi-ok", 1);
        gateway = TestGateway.start(KafkaBroker.shared().bootstrapServers(),
                "sluice.server { max-content-length = 1 KiB, max-header-size = 1 KiB, max-initial-line-length = 512,"
                        + " request-timeout = 1 s, max-records-per-request = 5 }",
                "sluice.kafka.producer { \"max.block.ms\" = \"200\", \"request.timeout.ms\" = \"300\","
                        + " \"delivery.timeout.ms\" = \"600\", \"linger.ms\" = \"0\" }",
                "sluice.topics.allow = [\"bi-*\"]");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).contains("\"error_code\":\"" + code + "\"").contains("\"message\":\"");
    }

    private static void assertJsonError(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status).as(answer.body).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.body).contains("\"error_code\":\"" + code + "\"");
    }

    /** After any bad request the gateway must still take a good one on a new connection. */
    private static void assertStillServing() {
        HttpResponse<String> ok = gateway.post("/topics/bi-ok", "text/plain", "fine");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void unknownPathIs404() {
        assertJsonError(gateway.post("/nope", "text/plain", "x"), 404, "NOT_FOUND");
        assertJsonError(gateway.post("/topics/", "text/plain", "x"), 404, "NOT_FOUND");
        assertJsonError(gateway.post("/topics/a/b", "text/plain", "x"), 404, "NOT_FOUND");
        assertStillServing();
    }

    @Test
    void topicOutsideTheAllowListIs404AndIllegalNameIs400() {
        assertJsonError(gateway.post("/topics/secret", "text/plain", "x"), 404, "TOPIC_NOT_ALLOWED");
        assertJsonError(gateway.post("/topics/bi-a%2Fb", "text/plain", "x"), 400, "INVALID_TOPIC");
        assertJsonError(gateway.post("/topics/bi-x%20y", "text/plain", "x"), 400, "INVALID_TOPIC");
        assertStillServing();
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpResponse<String> response = gateway.get(gateway.uri("/topics/bi-x"));
        assertJsonError(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(response.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void unsupportedKafkaMediaTypeIs415() {
        assertJsonError(gateway.post("/topics/bi-x", "application/vnd.kafka.avro.v2+json", "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void malformedBodiesAre400() {
        assertJsonError(gateway.post("/topics/bi-x", JSON_V2, "{\"records\":[{\"value\":"), 400, "INVALID_JSON");
        assertJsonError(gateway.post("/topics/bi-x", "application/vnd.kafka.binary.v2+json",
                "{\"records\":[{\"value\":\"not base64!\"}]}"), 400, "INVALID_BASE64");
        assertJsonError(gateway.post("/topics/bi-x", JSON_V2,
                "{\"records\":[{\"value\":" + "[".repeat(100) + "]".repeat(100) + "}]}"), 400, "INVALID_JSON");
        assertJsonError(gateway.post("/topics/bi-x", "text/plain", "x", "X-Kafka-Partition", "-1"), 400, "INVALID_PARTITION");
        assertStillServing();
    }

    @Test
    void tooManyRecordsAndTooLargeBodiesAre413() {
        String six = "{\"records\":[" + "{\"value\":1},".repeat(5) + "{\"value\":1}]}";
        assertJsonError(gateway.post("/topics/bi-x", JSON_V2, six), 413, "TOO_MANY_RECORDS");
        assertJsonError(gateway.post("/topics/bi-x", "text/plain", "x".repeat(2000)), 413, "BODY_TOO_LARGE");
        assertStillServing();
    }

    @Test
    void oversizedBodyOnKeepAliveConnectionIsSkippedAndTheConnectionStaysUsable() {
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write("POST /topics/bi-x HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 3000\r\n\r\n");
            http.write("y".repeat(3000));
            assertJsonError(http.read(), 413, "BODY_TOO_LARGE");
            http.write(RawHttp.post("/topics/bi-ok", "text/plain", "after"));
            assertThat(http.read().status).isEqualTo(200);
        }
    }

    @Test
    void expectContinueWithTooLargeLengthIsRefusedBeforeTheBody() {
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write("POST /topics/bi-x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
            assertJsonError(http.read(), 413, "BODY_TOO_LARGE");
        }
    }

    @Test
    void longRequestLineIs414AndLargeHeadersAre431() {
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write("POST /topics/" + "a".repeat(600) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            assertJsonError(http.read(), 414, "URI_TOO_LONG");
            assertThat(http.isClosedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write("POST /topics/bi-x HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(2000) + "\r\nContent-Length: 0\r\n\r\n");
            assertJsonError(http.read(), 431, "HEADERS_TOO_LARGE");
            assertThat(http.isClosedByServer()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void garbageIs400AndCloses() {
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n");
            assertJsonError(http.read(), 400, "BAD_REQUEST");
            assertThat(http.isClosedByServer()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void slowRequestIs408AndClosed() {
        try (RawHttp http = new RawHttp(gateway.port(), 10_000)) {
            long start = System.nanoTime();
            http.write("POST /topics/bi-x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            RawHttp.Answer answer = http.read();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertJsonError(answer, 408, "REQUEST_TIMEOUT");
            assertThat(elapsedMillis).as("answered near request-timeout (1 s)").isBetween(800L, 5000L);
            assertThat(http.isClosedByServer()).isTrue();
        }
    }

    @Test
    void slowHeadersAre408Too() {
        try (RawHttp http = new RawHttp(gateway.port(), 10_000)) {
            http.write("POST /topics/bi-x HTTP/1.1\r\nHost: x\r\n");
            assertJsonError(http.read(), 408, "REQUEST_TIMEOUT");
        }
    }

    @Test
    void connectionCloseIsHonoured() {
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write(RawHttp.post("/topics/bi-ok", "text/plain", "bye", "Connection: close"));
            RawHttp.Answer answer = http.read();
            assertThat(answer.status).isEqualTo(200);
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(http.isClosedByServer()).isTrue();
        }
    }
}
