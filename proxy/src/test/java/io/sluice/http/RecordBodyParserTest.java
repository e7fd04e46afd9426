package io.sluice.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.ring.IngestRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordBodyParserTest {

    private static final int MAX_RECORDS = 100;
    private static final int MAX_DEPTH = 8;

    private final RecordBodyParser parser = new RecordBodyParser(MAX_RECORDS, MAX_DEPTH);

    // ---- helpers -------------------------------------------------------------------------------

    /** JSON written with single quotes for readability; none of these texts needs a literal one. */
    private static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String records(String... recordObjects) {
        return "{\"records\":[" + String.join(",", recordObjects) + "]}";
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    /**
     * A heap buffer whose readable bytes start neither at array index 0 nor at reader index 0,
     * with bytes after the writer index that would break the parse if they were read.
     */
    private static ByteBuf heapBuffer(byte[] body) {
        byte[] array = new byte[5 + 4 + body.length + 3];
        Arrays.fill(array, (byte) 'Z');
        System.arraycopy(body, 0, array, 9, body.length);
        ByteBuf buf = Unpooled.wrappedBuffer(array, 5, 4 + body.length);
        buf.readerIndex(4);
        return buf;
    }

    private static ByteBuf directBuffer(byte[] body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(body.length + 8);
        buf.writeBytes("skip".getBytes(UTF_8)).writeBytes(body).writeBytes("}}]]".getBytes(UTF_8));
        buf.readerIndex(4);
        buf.writerIndex(4 + body.length);
        return buf;
    }

    /** A composite of heap and direct pieces: no backing array, so the parser must copy. */
    private static ByteBuf compositeBuffer(byte[] body) {
        CompositeByteBuf buf = Unpooled.compositeBuffer();
        int half = body.length / 2;
        buf.addComponent(true, Unpooled.copiedBuffer(body, 0, half));
        ByteBuf direct = Unpooled.directBuffer(body.length - half);
        direct.writeBytes(body, half, body.length - half);
        buf.addComponent(true, direct);
        return buf;
    }

    private IngestRecord[] parseWith(RecordBodyParser p, BodyFormat format, byte[] body, HttpHeaders headers,
            Function<byte[], ByteBuf> allocate) throws BadRequestException {
        ByteBuf buf = allocate.apply(body);
        int readerIndex = buf.readerIndex();
        try {
            IngestRecord[] parsed = p.parse(format, buf, headers);
            assertThat(buf.refCnt()).as("the caller still owns the body").isEqualTo(1);
            assertThat(buf.readerIndex()).as("reader index untouched").isEqualTo(readerIndex);
            return parsed;
        } finally {
            buf.release();
        }
    }

    private IngestRecord[] parse(BodyFormat format, String body) throws BadRequestException {
        return parse(format, body.getBytes(UTF_8), EmptyHttpHeaders.INSTANCE);
    }

    /** Parses from a heap, a direct and a composite buffer, checks they agree, returns the first. */
    private IngestRecord[] parse(BodyFormat format, byte[] body, HttpHeaders headers) throws BadRequestException {
        IngestRecord[] heap = parseWith(parser, format, body, headers, RecordBodyParserTest::heapBuffer);
        IngestRecord[] direct = parseWith(parser, format, body, headers, RecordBodyParserTest::directBuffer);
        IngestRecord[] composite = parseWith(parser, format, body, headers, RecordBodyParserTest::compositeBuffer);
        assertSameRecords(direct, heap);
        assertSameRecords(composite, heap);
        return heap;
    }

    private static void assertSameRecords(IngestRecord[] actual, IngestRecord[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i].key()).isEqualTo(expected[i].key());
            assertThat(actual[i].value()).isEqualTo(expected[i].value());
            assertThat(actual[i].partition()).isEqualTo(expected[i].partition());
            assertThat(actual[i].headerCount()).isEqualTo(expected[i].headerCount());
            for (int h = 0; h < expected[i].headerCount(); h++) {
                assertThat(actual[i].headerName(h)).isEqualTo(expected[i].headerName(h));
                assertThat(actual[i].headerValue(h)).isEqualTo(expected[i].headerValue(h));
            }
        }
    }

    private BadRequestException failure(RecordBodyParser p, BodyFormat format, String body, HttpHeaders headers) {
        ByteBuf buf = heapBuffer(body.getBytes(UTF_8));
        try {
            BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> p.parse(format, buf, headers));
            assertThat(e).as("expected a refusal of %s body: %s", format, body).isNotNull();
            assertThat(buf.refCnt()).as("the caller still owns the body").isEqualTo(1);
            return e;
        } finally {
            buf.release();
        }
    }

    private void assertBadRequest(BodyFormat format, String body, String errorCode) {
        BadRequestException e = failure(parser, format, body, EmptyHttpHeaders.INSTANCE);
        assertThat(e.status()).as(e.getMessage()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(errorCode);
        assertThat(e.getMessage()).as("short message").hasSizeLessThan(300);
    }

    private void assertBadJson(String body, String errorCode) {
        assertBadRequest(BodyFormat.KAFKA_JSON_V2, body, errorCode);
    }

    // ---- the REST Proxy envelope -----------------------------------------------------------------

    @Nested
    class Envelope {

        @ParameterizedTest
        @EnumSource(value = BodyFormat.class, names = {"KAFKA_JSON_V2", "KAFKA_BINARY_V2"})
        void readsRecordsInOrder(BodyFormat format) throws Exception {
            String v1 = format == BodyFormat.KAFKA_JSON_V2 ? "\"one\"" : '"' + b64("one") + '"';
            String v2 = format == BodyFormat.KAFKA_JSON_V2 ? "\"two\"" : '"' + b64("two") + '"';
            IngestRecord[] parsed = parse(format, records("{\"value\":" + v1 + "}", "{\"value\":" + v2 + "}"));
            assertThat(parsed).hasSize(2);
            String expectedFirst = format == BodyFormat.KAFKA_JSON_V2 ? "\"one\"" : "one";
            assertThat(utf8(parsed[0].value())).isEqualTo(expectedFirst);
            assertThat(utf8(parsed[1].value())).isEqualTo(format == BodyFormat.KAFKA_JSON_V2 ? "\"two\"" : "two");
            assertThat(parsed[0].key()).isNull();
            assertThat(parsed[0].partition()).isEqualTo(IngestRecord.ANY_PARTITION);
            assertThat(parsed[0].headerCount()).isZero();
        }

        @Test
        void ignoresOtherTopLevelFieldsBeforeAndAfterRecords() throws Exception {
            IngestRecord[] parsed = parse(BodyFormat.KAFKA_JSON_V2, q("{'key_schema':'{\\'type\\':\\'string\\'}',"
                    + "'value_schema_id':12,'extra':{'records':[1,2]},'records':[{'value':1}],'value_schema':null,"
                    + "'more':[{'records':'no'}]}"));
            assertThat(parsed).hasSize(1);
            assertThat(utf8(parsed[0].value())).isEqualTo("1");
        }

        @Test
        void ignoresUnknownRecordFields() throws Exception {
            IngestRecord[] parsed = parse(BodyFormat.KAFKA_JSON_V2,
                    records(q("{'timestamp':123,'value':{'a':1},'meta':{'key':'not this','value':[1]},'x':null}")));
            assertThat(utf8(parsed[0].value())).isEqualTo(q("{'a':1}"));
            assertThat(parsed[0].key()).isNull();
        }

        @Test
        void acceptsAUtf8ByteOrderMark() throws Exception {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] json = q("{'records':[{'key':'k','value':[1, 2]}]}").getBytes(UTF_8);
            byte[] body = new byte[bom.length + json.length];
            System.arraycopy(bom, 0, body, 0, bom.length);
            System.arraycopy(json, 0, body, bom.length, json.length);
            IngestRecord[] parsed = parse(BodyFormat.KAFKA_JSON_V2, body, EmptyHttpHeaders.INSTANCE);
            assertThat(utf8(parsed[0].key())).isEqualTo("\"k\"");
            assertThat(utf8(parsed[0].value())).isEqualTo("[1, 2]");
        }

        @Test
        void refusesUtf16() {
            byte[] body = q("{'records':[{'value':1}]}").getBytes(StandardCharsets.UTF_16BE);
            ByteBuf buf = Unpooled.wrappedBuffer(body);
            try {
                assertThatThrownBy(() -> parser.parse(BodyFormat.KAFKA_JSON_V2, buf, EmptyHttpHeaders.INSTANCE))
                        .isInstanceOfSatisfying(BadRequestException.class, e -> {
                            assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_JSON);
                            assertThat(e.getMessage()).contains("UTF-8");
                        });
            } finally {
                buf.release();
            }
        }

        @Test
        void refusesBodiesThatAreNotARecordsObject() {
            assertBadJson("", BadRequestException.INVALID_JSON);
            assertBadJson("  \r\n ", BadRequestException.INVALID_JSON);
            assertBadJson("[]", BadRequestException.INVALID_BODY);
            assertBadJson("\"records\"", BadRequestException.INVALID_BODY);
            assertBadJson("null", BadRequestException.INVALID_BODY);
            assertBadJson("{}", BadRequestException.INVALID_BODY);
            assertBadJson(q("{'value_schema':'x'}"), BadRequestException.INVALID_BODY);
            assertBadJson(q("{'records':{'value':1}}"), BadRequestException.INVALID_BODY);
            assertBadJson(q("{'records':'[]'}"), BadRequestException.INVALID_BODY);
            assertBadJson(q("{'records':null}"), BadRequestException.INVALID_BODY);
            assertBadJson(q("{'records':[{'value':1}],'records':[{'value':2}]}"), BadRequestException.INVALID_BODY);
        }

        @ParameterizedTest
        @EnumSource(value = BodyFormat.class, names = {"KAFKA_JSON_V2", "KAFKA_BINARY_V2"})
        void refusesAnEmptyRecordsArray(BodyFormat format) {
            assertBadRequest(format, q("{'records':[]}"), BadRequestException.NO_RECORDS);
            assertBadRequest(format, q("{'records':[ ],'key_schema':null}"), BadRequestException.NO_RECORDS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "'x'", "null", "[]", "[{'value':1}]", "true"})
        void refusesRecordsThatAreNotObjects(String element) {
            assertBadJson(q("{'records':[{'value':1}," + element + "]}"), BadRequestException.INVALID_RECORD);
        }

        @ParameterizedTest
        @ValueSource(strings = {"key", "value", "partition", "headers"})
        void refusesARecordFieldGivenTwice(String field) {
            BadRequestException e = failure(parser, BodyFormat.KAFKA_JSON_V2,
                    q("{'records':[{'" + field + "':null,'value2':1,'" + field + "':null}]}"), EmptyHttpHeaders.INSTANCE);
            assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_RECORD);
            assertThat(e.getMessage()).isEqualTo("records[0]." + field + ": given twice (expected: once)");
        }
    }

    // ---- malformed JSON ---------------------------------------------------------------------------

    @Nested
    class MalformedJson {

        @ParameterizedTest
        @ValueSource(strings = {
                "{'records':[{'value':1}]",
                "{'records':[{'value':1}",
                "{'records':[{'value':tru}]}",
                "{'records':[{'value':1,}]}",
                "{'records':[{'value':1},]}",
                "{'records':[{'value':01}]}",
                "{'records':[{'value':-}]}",
                "{'records':[{'value':1.}]}",
                "{'records':[{'value':NaN}]}",
                "{'records':[{'value':'unterminated}]}",
                "{'records':[{'value':'bad \\x escape'}]}",
                "{'records':[{value:1}]}",
                "{'records':[{'value':1}]} x",
                "{'records':[{'value':1}]}{}",
                "{'records':[{'value':1}]}]",
                "{'records':[{'value':1}]} 1",
                "{'records':[{'value':1}]}/* comment */",
                "{'records':[{'value':{'a' 1}}]}",
                "{'records':[{'value':[1 2]}]}",
        })
        void refusesMalformedJson(String body) {
            assertBadJson(q(body), BadRequestException.INVALID_JSON);
        }

        @Test
        void refusesInvalidUtf8EvenInsideSkippedValues() {
            for (String field : List.of("value", "ignored")) {
                byte[] body = ("{\"records\":[{\"" + field + "\":{\"a\":[\"?\"]}}]}").getBytes(UTF_8);
                int question = new String(body, UTF_8).indexOf('?');
                body[question] = (byte) 0xff;
                ByteBuf buf = Unpooled.wrappedBuffer(body);
                try {
                    assertThatThrownBy(() -> parser.parse(BodyFormat.KAFKA_JSON_V2, buf, EmptyHttpHeaders.INSTANCE))
                            .isInstanceOfSatisfying(BadRequestException.class, e -> {
                                assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_JSON);
                                assertThat(e.getMessage()).contains("UTF-8");
                            });
                } finally {
                    buf.release();
                }
            }
        }

        @Test
        void refusesNumbersLongerThanJacksonAllows() {
            assertBadJson("{\"records\":[{\"value\":" + "9".repeat(1_001) + "}]}", BadRequestException.INVALID_JSON);
        }

        @Test
        void refusesSingleQuotedJson() {
            assertBadJson("{'records':[{'value':1}]}", BadRequestException.INVALID_JSON);
        }

        @Test
        void refusesRawControlCharactersInStrings() {
            assertBadJson(q("{'records':[{'value':'a\tb'}]}"), BadRequestException.INVALID_JSON);
        }

        @Test
        void messageNamesTheOffsetAndEchoesLittleOfTheInput() {
            String garbage = "x".repeat(5_000);
            BadRequestException e = failure(parser, BodyFormat.KAFKA_JSON_V2,
                    q("{'records':[{'value':tr") + garbage + "}]}", EmptyHttpHeaders.INSTANCE);
            assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_JSON);
            assertThat(e.getMessage()).startsWith("invalid JSON at offset 21: ");
            assertThat(e.getMessage()).hasSizeLessThan(160).doesNotContain("x".repeat(101));
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Source");
            assertThat(e.getStackTrace()).as("no stack trace for client mistakes").isEmpty();
        }

        @Test
        void trailingDataMessageNamesItsOffset() {
            BadRequestException e = failure(parser, BodyFormat.KAFKA_JSON_V2, q("{'records':[{'value':1}]}  {}"),
                    EmptyHttpHeaders.INSTANCE);
            assertThat(e.getMessage()).isEqualTo("unexpected data at offset 27 (expected: nothing after the JSON object)");
        }
    }

    // ---- nesting limit ------------------------------------------------------------------------------

    @Nested
    class NestingLimit {

        private final RecordBodyParser shallow = new RecordBodyParser(10, 5);

        @Test
        void allowsValuesUpToTheLimit() throws Exception {
            // {"records":[{ is 3 levels; the value adds 2 more: 5 in all.
            IngestRecord[] parsed = parseWith(shallow, BodyFormat.KAFKA_JSON_V2,
                    q("{'records':[{'value':{'a':[1]},'key':[[]]}]}").getBytes(UTF_8), EmptyHttpHeaders.INSTANCE,
                    RecordBodyParserTest::heapBuffer);
            assertThat(utf8(parsed[0].value())).isEqualTo(q("{'a':[1]}"));
            assertThat(utf8(parsed[0].key())).isEqualTo("[[]]");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{'records':[{'value':{'a':[[1]]}}]}",
                "{'records':[{'key':[[[]]]}]}",
                "{'records':[{'ignored':{'a':{'b':{}}}}]}",
                "{'value_schema':[[[[[]]]]],'records':[{'value':1}]}",
                "{'records':[{'headers':[{'name':'a','value':{'x':{}}}]}]}",
        })
        void refusesDeeperNesting(String body) {
            BadRequestException e = failure(shallow, BodyFormat.KAFKA_JSON_V2, q(body), EmptyHttpHeaders.INSTANCE);
            assertThat(e.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
            assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_JSON);
            assertThat(e.getMessage()).startsWith("JSON nested too deeply at offset ")
                    .contains("at most 5 levels");
        }

        @Test
        void refusesALimitBelowTheEnvelope() {
            assertThatThrownBy(() -> new RecordBodyParser(10, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxJsonNestingDepth: 2");
            assertThatThrownBy(() -> new RecordBodyParser(0, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxRecordsPerRequest: 0");
        }
    }

    // ---- exact bytes of embedded JSON ---------------------------------------------------------------

    @Nested
    class EmbeddedJsonValues {

        @ParameterizedTest
        @ValueSource(strings = {
                "{'a':1}", "{ 'a' : [ 1 , 2 ] , 'b' : { } }", "[1, 2 ,3]", "[]", "{}", "[[],[{}]]",
                "'plain'", "''", "'h\\u00e9\\'llo\\\\n'", "'\\uD83D\\uDE00 escaped pair'", "'raw é ☃ 😀 日本'",
                "'brackets } ] , : inside'", "'\\\\'", "'ends with backslash \\\\\\\\'",
                "0", "-0", "7", "-12", "123456789012345678901234567890", "-12.5e-3", "1E+10", "0.5", "2e5", "-1.0E-0",
                "true", "false",
                "{'nested':{'deep':[{'x':[null,true,false,-1.5e3,'s']}]}}",
        })
        void keepsKeyAndValueBytesExactlyAsSent(String singleQuoted) throws Exception {
            String value = q(singleQuoted);
            for (String body : List.of(
                    "{\"records\":[{\"key\":" + value + ",\"value\":" + value + "}]}",
                    "{\"records\":[{\"value\":" + value + ",\"key\":" + value + ",\"partition\":1}]}",
                    "{\"records\" : [ {\n\t\"value\"\r\n:\t" + value + "\n ,\"key\" :" + value + "\t} ] }",
                    "{\"records\":[{\"value\":" + value + "},{\"key\":" + value + ",\"value\":" + value + "}]}")) {
                IngestRecord[] parsed = parse(BodyFormat.KAFKA_JSON_V2, body);
                IngestRecord last = parsed[parsed.length - 1];
                assertThat(utf8(last.value())).as("%s", body).isEqualTo(value);
                assertThat(utf8(last.key())).as("%s", body).isEqualTo(value);
                assertThat(last.value()).isEqualTo(value.getBytes(UTF_8));
            }
        }

        @Test
        void nullOrAbsentMeansNoKeyOrValue() throws Exception {
            IngestRecord[] parsed = parse(BodyFormat.KAFKA_JSON_V2,
                    records(q("{'key':null,'value':null}"), q("{}"), q("{'key':'null','value':'null'}")));
            assertThat(parsed[0].key()).isNull();
            assertThat(parsed[0].value()).isNull();
            assertThat(parsed[1].key()).isNull();
            assertThat(parsed[1].value()).isNull();
            assertThat(utf8(parsed[2].key())).as("the string \"null\" is a value").isEqualTo("\"null\"");
            assertThat(utf8(parsed[2].value())).isEqualTo("\"null\"");
        }

        @Test
        void slicedValuesAreCopiesIndependentOfTheBuffer() throws Exception {
            byte[] body = q("{'records':[{'value':{'a':1}}]}").getBytes(UTF_8);
            ByteBuf buf = Unpooled.wrappedBuffer(body);
            try {
                IngestRecord[] parsed = parser.parse(BodyFormat.KAFKA_JSON_V2, buf, EmptyHttpHeaders.INSTANCE);
                Arrays.fill(body, (byte) 'X');
                assertThat(utf8(parsed[0].value())).isEqualTo(q("{'a':1}"));
            } finally {
                buf.release();
            }
        }

        @Test
        void randomValuesAreSlicedByteForByte() throws Exception {
            RandomJson json = new RandomJson(20240611L, 4);
            RecordBodyParser deep = new RecordBodyParser(1_000, 64);
            int checkedValues = 0;
            for (int round = 0; round < 300; round++) {
                int count = 1 + json.random().nextInt(6);
                List<String> keys = new ArrayList<>();
                List<String> values = new ArrayList<>();
                StringBuilder body = new StringBuilder(json.whitespace()).append('{').append(json.whitespace());
                if (json.random().nextBoolean()) {
                    body.append("\"key_schema\"").append(json.whitespace()).append(':').append(json.whitespace())
                            .append(json.value(0)).append(json.whitespace()).append(',').append(json.whitespace());
                }
                body.append("\"records\"").append(json.whitespace()).append(':').append(json.whitespace()).append('[');
                for (int i = 0; i < count; i++) {
                    String key = json.random().nextInt(4) == 0 ? null : json.value(0);
                    String value = json.random().nextInt(8) == 0 ? null : json.value(0);
                    keys.add(key);
                    values.add(value);
                    List<String> fields = new ArrayList<>();
                    if (key != null) {
                        fields.add("\"key\"" + json.whitespace() + ':' + json.whitespace() + key);
                    }
                    if (value != null) {
                        fields.add("\"value\"" + json.whitespace() + ':' + json.whitespace() + value);
                    }
                    if (json.random().nextBoolean()) {
                        fields.add("\"unknown\":" + json.whitespace() + json.value(0));
                    }
                    if (json.random().nextBoolean()) {
                        fields.add("\"partition\":" + json.random().nextInt(50));
                    }
                    java.util.Collections.shuffle(fields, json.random());
                    body.append(i == 0 ? "" : ",").append(json.whitespace()).append('{').append(json.whitespace())
                            .append(String.join(json.whitespace() + ',' + json.whitespace(), fields))
                            .append(json.whitespace()).append('}').append(json.whitespace());
                }
                body.append(']').append(json.whitespace()).append('}').append(json.whitespace());

                String text = body.toString();
                byte[] bytes = text.getBytes(UTF_8);
                Function<byte[], ByteBuf> allocate = round % 3 == 0 ? RecordBodyParserTest::heapBuffer
                        : round % 3 == 1 ? RecordBodyParserTest::directBuffer : RecordBodyParserTest::compositeBuffer;
                IngestRecord[] parsed = parseWith(deep, BodyFormat.KAFKA_JSON_V2, bytes, EmptyHttpHeaders.INSTANCE, allocate);
                assertThat(parsed).as("%s", text).hasSize(count);
                for (int i = 0; i < count; i++) {
                    assertThat(parsed[i].key()).as("key %d of %s", i, text).isEqualTo(expectedBytes(keys.get(i)));
                    assertThat(parsed[i].value()).as("value %d of %s", i, text).isEqualTo(expectedBytes(values.get(i)));
                    checkedValues += 2;
                }
            }
            assertThat(checkedValues).isGreaterThan(1_000);
        }

        /** What a generated key or value should become: absent or JSON null means none. */
        private byte[] expectedBytes(String json) {
            return json == null || json.equals("null") ? null : json.getBytes(UTF_8);
        }
    }

    // ---- binary format --------------------------------------------------------------------------------

    @Nested
    class BinaryValues {

        @Test
        void decodesBase64KeysAndValues() throws Exception {
            IngestRecord[] parsed = parse(BodyFormat.KAFKA_BINARY_V2, records(
                    "{\"key\":\"" + b64("k1") + "\",\"value\":\"" + b64("héllo ☃") + "\"}",
                    q("{'key':null,'value':''}"),
                    q("{'value':'aGk'}"),
                    q("{'value':'aGk='}"),
                    q("{'value':'+/8='}")));
            assertThat(utf8(parsed[0].key())).isEqualTo("k1");
            assertThat(utf8(parsed[0].value())).isEqualTo("héllo ☃");
            assertThat(parsed[1].key()).isNull();
            assertThat(parsed[1].value()).isEmpty();
            assertThat(utf8(parsed[2].value())).as("padding is optional").isEqualTo("hi");
            assertThat(utf8(parsed[3].value())).isEqualTo("hi");
            assertThat(parsed[4].value()).containsExactly(0xfb, 0xff);
        }

        @ParameterizedTest
        @ValueSource(strings = {"a$b=", "a", "aGk=x", "-_8=", "aG k", "aGk==", "aGk\\n", "=aGk"})
        void refusesInvalidBase64(String encoded) {
            for (String field : List.of("key", "value")) {
                BadRequestException e = failure(parser, BodyFormat.KAFKA_BINARY_V2,
                        q("{'records':[{'" + field + "':'" + encoded + "'}]}"), EmptyHttpHeaders.INSTANCE);
                assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(BadRequestException.INVALID_BASE64);
                assertThat(e.getMessage()).startsWith("records[0]." + field + ": \"");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "true", "{}", "['aGk=']", "{'data':'aGk='}"})
        void refusesNonStringKeysAndValues(String json) {
            assertBadRequest(BodyFormat.KAFKA_BINARY_V2, q("{'records':[{'value':" + json + "}]}"),
                    BadRequestException.INVALID_RECORD);
            assertBadRequest(BodyFormat.KAFKA_BINARY_V2, q("{'records':[{'key':" + json + ",'value':null}]}"),
                    BadRequestException.INVALID_RECORD);
        }

        @Test
        void errorNamesTheRecordIndex() {
            BadRequestException e = failure(parser, BodyFormat.KAFKA_BINARY_V2,
                    q("{'records':[{'value':'aGk='},{'value':'aGk='},{'value':5}]}"), EmptyHttpHeaders.INSTANCE);
            assertThat(e.getMessage()).isEqualTo("records[2].value: 5 (expected: a base64 string or null)");
        }
    }

    // ---- partition ---------------------------------------------------------------------------------

    @Nested
    class Partition {

        @ParameterizedTest
        @EnumSource(value = BodyFormat.class, names = {"KAFKA_JSON_V2", "KAFKA_BINARY_V2"})
        void readsPartitions(BodyFormat format) throws Exception {
            IngestRecord[] parsed = parse(format, records(q("{'partition':0}"), q("{'partition':7}"),
                    q("{'partition':2147483647}"), q("{'partition':null}"), q("{}")));
            assertThat(parsed).extracting(IngestRecord::partition)
                    .containsExactly(0, 7, Integer.MAX_VALUE, IngestRecord.ANY_PARTITION, IngestRecord.ANY_PARTITION);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "-2147483648", "1.5", "1.0", "1e2", "0.0", "'1'", "2147483648",
                "99999999999999999999999", "true", "{}", "[0]"})
        void refusesOtherPartitions(String partition) {
            BadRequestException e = failure(parser, BodyFormat.KAFKA_JSON_V2,
                    q("{'records':[{'value':1,'partition':" + partition + "}]}"), EmptyHttpHeaders.INSTANCE);
            assertThat(e.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
            assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_PARTITION);
            assertThat(e.getMessage()).startsWith("records[0].partition: ")
                    .endsWith("(expected: an integer from 0 to 2147483647, or null)");
        }
    }

    // ---- record headers in the REST Proxy formats --------------------------------------------------

    @Nested
    class JsonHeaders {

        @Test
        void readsTheArrayForm() throws Exception {
            IngestRecord record = parse(BodyFormat.KAFKA_JSON_V2, records(q("{'value':1,'headers':["
                    + "{'name':'trace','value':'abc'},{'value':'\\u00e9t\\u00e9','name':'season'},"
                    + "{'name':'empty','value':null},{'name':'missing'},{'name':'trace','value':'again','x':[1]}]}")))[0];
            assertThat(record.headerCount()).isEqualTo(5);
            assertThat(record.headerName(0)).isEqualTo("trace");
            assertThat(utf8(record.headerValue(0))).isEqualTo("abc");
            assertThat(record.headerName(1)).isEqualTo("season");
            assertThat(record.headerValue(1)).as("UTF-8 of the decoded string").isEqualTo("été".getBytes(UTF_8));
            assertThat(record.headerValue(2)).isNull();
            assertThat(record.headerName(3)).isEqualTo("missing");
            assertThat(record.headerValue(3)).isNull();
            assertThat(record.headerName(4)).as("names may repeat").isEqualTo("trace");
            assertThat(utf8(record.headerValue(4))).isEqualTo("again");
        }

        @Test
        void readsTheObjectForm() throws Exception {
            IngestRecord record = parse(BodyFormat.KAFKA_JSON_V2,
                    records(q("{'headers':{'trace':'abc','none':null,'snow':'☃'},'value':1}")))[0];
            assertThat(record.headerCount()).isEqualTo(3);
            assertThat(record.headerName(0)).isEqualTo("trace");
            assertThat(utf8(record.headerValue(0))).isEqualTo("abc");
            assertThat(record.headerName(1)).isEqualTo("none");
            assertThat(record.headerValue(1)).isNull();
            assertThat(record.headerName(2)).isEqualTo("snow");
            assertThat(utf8(record.headerValue(2))).isEqualTo("☃");
            assertThat(utf8(record.value())).isEqualTo("1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"null", "[]", "{}"})
        void emptyOrNullHeadersMeanNone(String headers) throws Exception {
            IngestRecord record = parse(BodyFormat.KAFKA_JSON_V2, records(q("{'value':1,'headers':" + headers + "}")))[0];
            assertThat(record.headerCount()).isZero();
        }

        @Test
        void decodesBase64ValuesInTheBinaryFormat() throws Exception {
            IngestRecord record = parse(BodyFormat.KAFKA_BINARY_V2, records("{\"headers\":[{\"name\":\"a\",\"value\":\""
                    + b64("one") + "\"}],\"value\":null}", "{\"headers\":{\"b\":\"" + b64("two") + "\",\"c\":null}}"))[1];
            assertThat(record.headerName(0)).isEqualTo("b");
            assertThat(utf8(record.headerValue(0))).isEqualTo("two");
            assertThat(record.headerValue(1)).isNull();
            IngestRecord first = parse(BodyFormat.KAFKA_BINARY_V2,
                    records("{\"headers\":[{\"name\":\"a\",\"value\":\"" + b64("one") + "\"}]}"))[0];
            assertThat(utf8(first.headerValue(0))).isEqualTo("one");
        }

        @Test
        void refusesInvalidBase64HeaderValues() {
            assertBadRequest(BodyFormat.KAFKA_BINARY_V2, q("{'records':[{'headers':[{'name':'a','value':'a$'}]}]}"),
                    BadRequestException.INVALID_BASE64);
            assertBadRequest(BodyFormat.KAFKA_BINARY_V2, q("{'records':[{'headers':{'a':'***'}}]}"),
                    BadRequestException.INVALID_BASE64);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "'a=b'", "1", "true",
                "[1]", "['a']", "[null]", "[[]]",
                "[{'value':'v'}]", "[{'name':null,'value':'v'}]", "[{'name':1}]", "[{'name':''}]",
                "[{'name':'a','value':1}]", "[{'name':'a','value':{}}]", "[{'name':'a','value':['v']}]",
                "[{'name':'a','name':'b'}]", "[{'name':'a','value':'1','value':'2'}]",
                "{'a':1}", "{'a':{}}", "{'a':true}", "{'':'v'}",
        })
        void refusesOtherShapes(String headers) {
            BadRequestException e = failure(parser, BodyFormat.KAFKA_JSON_V2,
                    q("{'records':[{'value':1,'headers':" + headers + "}]}"), EmptyHttpHeaders.INSTANCE);
            assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(BadRequestException.INVALID_HEADER);
            assertThat(e.getMessage()).startsWith("records[0].headers");
        }

        @Test
        void errorsSayWhichHeader() {
            BadRequestException e = failure(parser, BodyFormat.KAFKA_JSON_V2,
                    q("{'records':[{'value':1},{'headers':[{'name':'a'},{'name':'b','value':7}]}]}"), EmptyHttpHeaders.INSTANCE);
            assertThat(e.getMessage()).isEqualTo("records[1].headers[1].value: 7 (expected: a string or null)");
            e = failure(parser, BodyFormat.KAFKA_JSON_V2, q("{'records':[{'headers':{'ok':'1','bad':false}}]}"),
                    EmptyHttpHeaders.INSTANCE);
            assertThat(e.getMessage()).isEqualTo("records[0].headers.bad: false (expected: a string or null)");
        }
    }

    // ---- NDJSON ---------------------------------------------------------------------------------------

    @Nested
    class Ndjson {

        @Test
        void oneRecordPerNonBlankLine() throws Exception {
            IngestRecord[] parsed = parse(BodyFormat.NDJSON,
                    "{\"a\":1}\r\n\n   \n\t \r\n  {\"b\": \"☃\"} \n\r\nnot json at all\r\n[1,2]");
            assertThat(parsed).extracting(r -> utf8(r.value()))
                    .containsExactly("{\"a\":1}", "  {\"b\": \"☃\"} ", "not json at all", "[1,2]");
            for (IngestRecord record : parsed) {
                assertThat(record.key()).isNull();
                assertThat(record.partition()).isEqualTo(IngestRecord.ANY_PARTITION);
                assertThat(record.headerCount()).isZero();
            }
        }

        @Test
        void dropsOnlyOneTrailingCarriageReturn() throws Exception {
            IngestRecord[] parsed = parse(BodyFormat.NDJSON, "a\r\r\nb\rc\n\r");
            assertThat(parsed).extracting(r -> utf8(r.value())).containsExactly("a\r", "b\rc");
        }

        @Test
        void aFinalNewlineAddsNoRecord() throws Exception {
            assertThat(parse(BodyFormat.NDJSON, "1\n2\n")).hasSize(2);
            assertThat(parse(BodyFormat.NDJSON, "1")).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "\n", "\r\n", "  \t\n\n \r\n", " "})
        void refusesABodyWithoutRecords(String body) {
            assertBadRequest(BodyFormat.NDJSON, body, BadRequestException.NO_RECORDS);
        }
    }

    // ---- RAW --------------------------------------------------------------------------------------------

    @Nested
    class Raw {

        private IngestRecord raw(String body, HttpHeaders headers) throws BadRequestException {
            IngestRecord[] parsed = parse(BodyFormat.RAW, body.getBytes(UTF_8), headers);
            assertThat(parsed).hasSize(1);
            return parsed[0];
        }

        @Test
        void theWholeBodyIsTheValue() throws Exception {
            String body = "{\"records\":[]}\n line two ☃ \r\n";
            IngestRecord record = raw(body, EmptyHttpHeaders.INSTANCE);
            assertThat(utf8(record.value())).isEqualTo(body);
            assertThat(record.key()).isNull();
            assertThat(record.partition()).isEqualTo(IngestRecord.ANY_PARTITION);
            assertThat(record.headerCount()).isZero();
        }

        @Test
        void anEmptyBodyIsAnEmptyValue() throws Exception {
            IngestRecord record = raw("", EmptyHttpHeaders.INSTANCE);
            assertThat(record.value()).isNotNull().isEmpty();
        }

        @Test
        void keyPartitionAndHeadersComeFromRequestHeaders() throws Exception {
            HttpHeaders headers = new DefaultHttpHeaders()
                    .add("x-kafka-key", "user-42")
                    .add("X-Kafka-Partition", "3")
                    .add("X-Kafka-Header-Trace-Id", "abc")
                    .add("x-kafka-header-lower", "v2")
                    .add("X-KAFKA-HEADER-Trace-Id", "again")
                    .add("X-Kafka-Headers", "not a record header")
                    .add("X-Kafka-Header", "not one either")
                    .add("Content-Type", "text/plain");
            IngestRecord record = raw("payload", headers);
            assertThat(utf8(record.key())).isEqualTo("user-42");
            assertThat(record.partition()).isEqualTo(3);
            assertThat(record.headerCount()).isEqualTo(3);
            assertThat(record.headerName(0)).as("name as sent").isEqualTo("Trace-Id");
            assertThat(utf8(record.headerValue(0))).isEqualTo("abc");
            assertThat(record.headerName(1)).isEqualTo("lower");
            assertThat(utf8(record.headerValue(1))).isEqualTo("v2");
            assertThat(record.headerName(2)).isEqualTo("Trace-Id");
            assertThat(utf8(record.headerValue(2))).isEqualTo("again");
        }

        @Test
        void anEmptyHeaderValueIsAnEmptyKeyOrHeaderValue() throws Exception {
            IngestRecord record = raw("v", new DefaultHttpHeaders().add("X-Kafka-Key", "").add("X-Kafka-Header-a", ""));
            assertThat(record.key()).isNotNull().isEmpty();
            assertThat(record.headerValue(0)).isNotNull().isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "7", "007", "2147483647"})
        void readsPartitions(String partition) throws Exception {
            IngestRecord record = raw("v", new DefaultHttpHeaders().add("X-Kafka-Partition", partition));
            assertThat(record.partition()).isEqualTo(Integer.parseInt(partition));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-1", "+1", "1.0", "abc", "1 2", "2147483648", "99999999999", "0x1", "٣"})
        void refusesOtherPartitions(String partition) {
            BadRequestException e = failure(parser, BodyFormat.RAW, "v",
                    new DefaultHttpHeaders().add("X-Kafka-Partition", partition));
            assertThat(e.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
            assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_PARTITION);
            assertThat(e.getMessage()).isEqualTo("X-Kafka-Partition: '" + partition
                    + "' (expected: a decimal integer from 0 to 2147483647)");
        }

        @Test
        void refusesAnEmptyRecordHeaderName() {
            BadRequestException e = failure(parser, BodyFormat.RAW, "v",
                    new DefaultHttpHeaders().add("X-Kafka-Header-", "v"));
            assertThat(e.errorCode()).isEqualTo(BadRequestException.INVALID_HEADER);
            assertThat(e.getMessage()).startsWith("X-Kafka-Header-: empty record header name");
        }

        @Test
        void theValueIsACopy() throws Exception {
            byte[] body = "payload".getBytes(UTF_8);
            ByteBuf buf = Unpooled.wrappedBuffer(body);
            try {
                IngestRecord record = parser.parse(BodyFormat.RAW, buf, EmptyHttpHeaders.INSTANCE)[0];
                Arrays.fill(body, (byte) 'X');
                assertThat(utf8(record.value())).isEqualTo("payload");
            } finally {
                buf.release();
            }
        }

        @Test
        void nonAsciiHeaderValuesKeepTheBytesTheClientSent() throws Exception {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes(("POST /topics/t HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nX-Kafka-Key: ").getBytes(UTF_8));
            wire.writeBytes("ключ".getBytes(UTF_8));
            wire.writeBytes("\r\nX-Kafka-Header-City: ".getBytes(UTF_8));
            wire.writeBytes("Zürich".getBytes(UTF_8));
            wire.writeBytes("\r\n\r\nv".getBytes(UTF_8));
            EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(), new HttpObjectAggregator(1024));
            try {
                assertThat(channel.writeInbound(Unpooled.wrappedBuffer(wire.toByteArray()))).isTrue();
                FullHttpRequest request = channel.readInbound();
                try {
                    IngestRecord record = parser.parse(BodyFormat.RAW, request.content(), request.headers())[0];
                    assertThat(record.key()).isEqualTo("ключ".getBytes(UTF_8));
                    assertThat(record.headerValue(0)).isEqualTo("Zürich".getBytes(UTF_8));
                    assertThat(utf8(record.value())).isEqualTo("v");
                } finally {
                    request.release();
                }
            } finally {
                channel.finishAndReleaseAll();
            }
        }

        @Test
        void headerValuesBuiltInCodeAreEncodedAsUtf8() throws Exception {
            IngestRecord record = raw("v", new DefaultHttpHeaders().add("X-Kafka-Key", "ключ"));
            assertThat(record.key()).isEqualTo("ключ".getBytes(UTF_8));
        }
    }

    // ---- limits and sharing ---------------------------------------------------------------------------

    @Nested
    class Limits {

        private final RecordBodyParser three = new RecordBodyParser(3, 10);

        @Test
        void acceptsExactlyTheLimit() throws Exception {
            assertThat(parseWith(three, BodyFormat.KAFKA_JSON_V2, records("{}", "{}", "{}").getBytes(UTF_8),
                    EmptyHttpHeaders.INSTANCE, RecordBodyParserTest::heapBuffer)).hasSize(3);
            assertThat(parseWith(three, BodyFormat.NDJSON, "1\n2\n3\n\n".getBytes(UTF_8),
                    EmptyHttpHeaders.INSTANCE, RecordBodyParserTest::directBuffer)).hasSize(3);
        }

        @ParameterizedTest
        @EnumSource(value = BodyFormat.class, names = {"KAFKA_JSON_V2", "KAFKA_BINARY_V2", "NDJSON"})
        void refusesMoreRecordsWith413(BodyFormat format) {
            String body = format == BodyFormat.NDJSON ? "1\n2\n3\n4" : records("{}", "{}", "{}", "{}");
            BadRequestException e = failure(three, format, body, EmptyHttpHeaders.INSTANCE);
            assertThat(e.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
            assertThat(e.errorCode()).isEqualTo(BadRequestException.TOO_MANY_RECORDS);
            assertThat(e.getMessage()).contains("at most 3");
        }

        @Test
        void refusesTooManyRecordsBeforeReadingTheRest() {
            // The syntax error after the fourth record is never reached.
            BadRequestException e = failure(three, BodyFormat.KAFKA_JSON_V2,
                    "{\"records\":[{},{},{},{},{\"value\":oops", EmptyHttpHeaders.INSTANCE);
            assertThat(e.errorCode()).isEqualTo(BadRequestException.TOO_MANY_RECORDS);
        }

        @Test
        void keepsTheOrderOfManyRecords() throws Exception {
            RecordBodyParser large = new RecordBodyParser(1_000, 10);
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                ndjson.append(i).append('\n');
            }
            IngestRecord[] parsed = parseWith(large, BodyFormat.NDJSON, ndjson.toString().getBytes(UTF_8),
                    EmptyHttpHeaders.INSTANCE, RecordBodyParserTest::heapBuffer);
            assertThat(parsed).hasSize(1_000);
            for (int i = 0; i < parsed.length; i++) {
                assertThat(utf8(parsed[i].value())).isEqualTo(Integer.toString(i));
            }
        }

        @Test
        void oneInstanceServesSeveralThreads() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        int checked = 0;
                        for (int i = 0; i < 2_000; i++) {
                            String value = "{\"t\":" + thread + ",\"i\":" + i + '}';
                            ByteBuf buf = Unpooled.copiedBuffer(records("{\"value\":" + value + "}"), UTF_8);
                            try {
                                IngestRecord record = parser.parse(BodyFormat.KAFKA_JSON_V2, buf, EmptyHttpHeaders.INSTANCE)[0];
                                assertThat(utf8(record.value())).isEqualTo(value);
                                checked++;
                            } finally {
                                buf.release();
                            }
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(2_000);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
