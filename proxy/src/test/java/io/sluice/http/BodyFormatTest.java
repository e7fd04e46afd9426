package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "application/vnd.kafka.json.v2+json",
            "APPLICATION/VND.KAFKA.JSON.V2+JSON",
            "Application/Vnd.Kafka.Json.V2+Json",
            "application/vnd.kafka.json.v2+json; charset=utf-8",
            "application/vnd.kafka.json.v2+json;charset=UTF-8;q=1",
            "  application/vnd.kafka.json.v2+json  ",
            "\tapplication/vnd.kafka.json.v2+json\t; charset=utf-8",
    })
    void recognisesKafkaJsonV2(String contentType) {
        assertThat(BodyFormat.fromContentType(contentType)).isEqualTo(BodyFormat.KAFKA_JSON_V2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "application/vnd.kafka.binary.v2+json",
            "APPLICATION/vnd.kafka.BINARY.v2+JSON",
            "application/vnd.kafka.binary.v2+json ; charset=utf-8",
    })
    void recognisesKafkaBinaryV2(String contentType) {
        assertThat(BodyFormat.fromContentType(contentType)).isEqualTo(BodyFormat.KAFKA_BINARY_V2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-ndjson", "Application/X-NDJSON", " application/x-ndjson;charset=utf-8"})
    void recognisesNdjson(String contentType) {
        assertThat(BodyFormat.fromContentType(contentType)).isEqualTo(BodyFormat.NDJSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "application/vnd.kafka.avro.v2+json",
            "application/vnd.kafka.protobuf.v2+json",
            "application/vnd.kafka.jsonschema.v2+json",
            "application/vnd.kafka.json.v1+json",
            "application/vnd.kafka.binary.v1+json",
            "application/vnd.kafka.avro.v1+json",
            "application/vnd.kafka.json.v3+json",
            "application/vnd.kafka.v2+json",
            "APPLICATION/VND.KAFKA.AVRO.V2+JSON; charset=utf-8",
            "application/vnd.kafka.json.v2+json2",
            "application/vnd.kafka.",
    })
    void refusesOtherKafkaTypes(String contentType) {
        assertThat(BodyFormat.fromContentType(contentType)).as(contentType).isNull();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "", "   ", ";", "application/json", "text/plain; charset=utf-8", "application/octet-stream",
            "application/x-ndjsonx", "application/x-ndjson-seq", "x-ndjson", "application/vnd.kafka",
            "application/vnd.kafkajson.v2+json", "application/vnd.kafka+json", "application/x-ndjson json",
    })
    void treatsAnythingElseAsRaw(String contentType) {
        assertThat(BodyFormat.fromContentType(contentType)).as(String.valueOf(contentType)).isEqualTo(BodyFormat.RAW);
    }

    @Test
    void acceptsAsciiStringAndOtherCharSequences() {
        assertThat(BodyFormat.fromContentType(AsciiString.of("Application/X-Ndjson; x=y"))).isEqualTo(BodyFormat.NDJSON);
        assertThat(BodyFormat.fromContentType(new StringBuilder("application/vnd.kafka.binary.v2+json")))
                .isEqualTo(BodyFormat.KAFKA_BINARY_V2);
        assertThat(BodyFormat.fromContentType(AsciiString.of("application/vnd.kafka.avro.v2+json"))).isNull();
    }

    @Test
    void onlyRawAnswersWithTheSingleRecordShape() {
        assertThat(BodyFormat.KAFKA_JSON_V2.restProxyAnswer()).isTrue();
        assertThat(BodyFormat.KAFKA_BINARY_V2.restProxyAnswer()).isTrue();
        assertThat(BodyFormat.NDJSON.restProxyAnswer()).isTrue();
        assertThat(BodyFormat.RAW.restProxyAnswer()).isFalse();
    }

    @Test
    void lookupDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[] types = {
                "application/vnd.kafka.json.v2+json; charset=utf-8", "application/vnd.kafka.binary.v2+json",
                "APPLICATION/X-NDJSON", "text/plain", "application/vnd.kafka.avro.v2+json",
        };
        AsciiString ascii = AsciiString.of(" application/vnd.kafka.json.v2+json ");
        int hits = 0;
        for (int round = 0; round < 2; round++) { // the first round warms up class loading
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                hits += BodyFormat.fromContentType(types[i % types.length]) == null ? 1 : 0;
                hits += BodyFormat.fromContentType(ascii) == BodyFormat.KAFKA_JSON_V2 ? 1 : 0;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                // 40,000 lookups: a single allocation each would be hundreds of kilobytes.
                assertThat(allocated).as("bytes allocated by 40,000 lookups").isLessThan(4_096);
            }
        }
        assertThat(hits).isEqualTo(2 * (20_000 / types.length + 20_000));
    }
}
