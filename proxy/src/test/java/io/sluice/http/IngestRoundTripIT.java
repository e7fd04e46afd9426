package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.RawHttp;
import io.sluice.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every body format end to end against a real broker: the answer, then the log itself. */
class IngestRoundTripIT {

    private static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    private static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";
    private static final Duration CONSUME = Duration.ofSeconds(30);

    private static KafkaBroker broker;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.shared();
        gateway = TestGateway.start(broker.bootstrapServers(),
                "sluice.routes = [ { path = \"/v1/checkout\", topic = rt-checkout, tier = critical } ]");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static long[][] offsets(String body) {
        Matcher m = Pattern.compile("\\{\"partition\":(\\d+),\"offset\":(\\d+),\"error_code\":null,\"error\":null}").matcher(body);
        java.util.ArrayList<long[]> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return found.toArray(new long[0][]);
    }

    @Test
    void restProxyJsonRecordsKeepExactJsonKeysValuesAndPartitions() {
        broker.createTopic("rt-json", 3);
        String body = "{\"records\":[{\"key\":\"k1\",\"value\":{\"n\": 1, \"s\":\"a\\\"b\"}},"
                + "{\"value\":[1,2,{\"x\":null}],\"partition\":2},"
                + "{\"key\":{\"id\":7},\"value\":null}]}";
        HttpResponse<String> response = gateway.post("/topics/rt-json", JSON_V2, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).endsWith("],\"key_schema_id\":null,\"value_schema_id\":null}");
        long[][] offsets = offsets(response.body());
        assertThat(offsets).hasNumberOfRows(3);
        assertThat(offsets[1][0]).as("explicit partition").isEqualTo(2);

        List<ConsumerRecord<byte[], byte[]>> log = broker.consumeAll("rt-json", 3, CONSUME);
        assertThat(log).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ConsumerRecord<byte[], byte[]> expected = find(log, offsets[i]);
            assertThat(expected).as("record %d at the partition and offset answered", i).isNotNull();
        }
        assertThat(utf8(find(log, offsets[0]).key())).isEqualTo("\"k1\"");
        assertThat(utf8(find(log, offsets[0]).value())).isEqualTo("{\"n\": 1, \"s\":\"a\\\"b\"}");
        assertThat(utf8(find(log, offsets[1]).value())).isEqualTo("[1,2,{\"x\":null}]");
        assertThat(find(log, offsets[1]).key()).isNull();
        assertThat(utf8(find(log, offsets[2]).key())).isEqualTo("{\"id\":7}");
        assertThat(find(log, offsets[2]).value()).as("JSON null is a tombstone").isNull();
    }

    private static ConsumerRecord<byte[], byte[]> find(List<ConsumerRecord<byte[], byte[]>> log, long[] at) {
        return log.stream().filter(r -> r.partition() == at[0] && r.offset() == at[1]).findFirst().orElse(null);
    }

    @Test
    void restProxyBinaryRecordsAreBase64DecodedWithHeaders() {
        byte[] value = {0, 1, 2, (byte) 0xff, 10};
        String body = "{\"records\":[{\"key\":\"" + Base64.getEncoder().encodeToString("bin-key".getBytes(StandardCharsets.UTF_8))
                + "\",\"value\":\"" + Base64.getEncoder().encodeToString(value) + "\","
                + "\"headers\":[{\"name\":\"trace\",\"value\":\"" + Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8)) + "\"}]}]}";
        HttpResponse<String> response = gateway.post("/topics/rt-binary", BINARY_V2, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ConsumerRecord<byte[], byte[]> record = broker.consumeAll("rt-binary", 1, CONSUME).get(0);
        assertThat(record.value()).containsExactly(value);
        assertThat(utf8(record.key())).isEqualTo("bin-key");
        Header trace = record.headers().lastHeader("trace");
        assertThat(trace).isNotNull();
        assertThat(utf8(trace.value())).isEqualTo("abc");
        assertThat(offsets(response.body())[0][1]).isEqualTo(record.offset());
    }

    @Test
    void ndjsonLinesBecomeOneRecordEach() {
        HttpResponse<String> response = gateway.post("/topics/rt-ndjson", "application/x-ndjson",
                "{\"a\":1}\n{\"a\":2}\r\n\n{\"a\":3}\n");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(offsets(response.body())).hasNumberOfRows(3);
        List<ConsumerRecord<byte[], byte[]>> log = broker.consumeAll("rt-ndjson", 3, CONSUME);
        assertThat(log).extracting(r -> utf8(r.value())).containsExactlyInAnyOrder("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
    }

    @Test
    void rawBodyIsOneRecordWithKeyPartitionAndHeadersFromHttpHeaders() {
        broker.createTopic("rt-raw", 2);
        HttpResponse<String> response = gateway.post("/topics/rt-raw", "text/plain", "hello raw",
                "X-Kafka-Key", "user-42", "X-Kafka-Partition", "1", "X-Kafka-Header-trace-id", "t-1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\\{\"topic\":\"rt-raw\",\"partition\":1,\"offset\":(\\d+)}").matcher(response.body());
        assertThat(m.matches()).as(response.body()).isTrue();
        ConsumerRecord<byte[], byte[]> record = broker.consumeAll("rt-raw", 1, CONSUME).get(0);
        assertThat(record.partition()).isEqualTo(1);
        assertThat(record.offset()).isEqualTo(Long.parseLong(m.group(1)));
        assertThat(utf8(record.key())).isEqualTo("user-42");
        assertThat(utf8(record.value())).isEqualTo("hello raw");
        assertThat(utf8(record.headers().lastHeader("trace-id").value())).isEqualTo("t-1");
    }

    @Test
    void configuredRouteWritesToItsTopic() {
        HttpResponse<String> response = gateway.post("/v1/checkout", "application/json", "{\"order\":1}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"topic\":\"rt-checkout\"");
        assertThat(utf8(broker.consumeAll("rt-checkout", 1, CONSUME).get(0).value())).isEqualTo("{\"order\":1}");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        broker.createTopic("rt-pipeline", 1);
        StringBuilder burst = new StringBuilder();
        int count = 40;
        for (int i = 0; i < count; i++) {
            burst.append(RawHttp.post("/topics/rt-pipeline", "text/plain", "m" + i));
        }
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write(burst.toString());
            long previous = -1;
            for (int i = 0; i < count; i++) {
                RawHttp.Answer answer = http.read();
                assertThat(answer.status).as(answer.body).isEqualTo(200);
                long offset = Long.parseLong(answer.body.replaceAll(".*\"offset\":(\\d+)}", "$1"));
                assertThat(offset).as("answers in request order: offsets rise on one partition").isGreaterThan(previous);
                previous = offset;
            }
        }
        List<ConsumerRecord<byte[], byte[]>> log = broker.consumeAll("rt-pipeline", count, CONSUME);
        for (int i = 0; i < count; i++) {
            assertThat(utf8(log.get(i).value())).isEqualTo("m" + i);
        }
    }

    @Test
    void expectContinueAndChunkedBodiesAreAccepted() {
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write("POST /topics/rt-chunked HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawHttp.Answer proceed = http.read();
            assertThat(proceed.status).isEqualTo(100);
            http.write("first");
            assertThat(http.read().status).isEqualTo(200);
            http.write("POST /topics/rt-chunked HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nsec\r\n3\r\nond\r\n0\r\n\r\n");
            assertThat(http.read().status).isEqualTo(200);
        }
        assertThat(broker.consumeAll("rt-chunked", 2, CONSUME)).extracting(r -> utf8(r.value()))
                .containsExactly("first", "second");
    }

    @Test
    void perRecordErrorsKeepTheRestProxyShape() {
        broker.createTopic("rt-partial", 1);
        String body = "{\"records\":[{\"value\":1},{\"value\":2,\"partition\":7}]}";
        HttpResponse<String> response = gateway.post("/topics/rt-partial", JSON_V2, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("{\"partition\":0,\"offset\":")
                .contains("{\"partition\":null,\"offset\":null,\"error_code\":2,\"error\":\"the partition does not exist in the topic\"}");
        HttpResponse<String> raw = gateway.post("/topics/rt-partial", "text/plain", "x", "X-Kafka-Partition", "9");
        assertThat(raw.statusCode()).isEqualTo(404);
        assertThat(raw.body()).contains("\"error_code\":\"PARTITION_NOT_FOUND\"");
    }
}
