package io.sluice.http;

import static io.sluice.http.BadRequestException.badRequest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.ring.IngestRecord;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a Kafka REST Proxy v2 produce body, {@code {"records":[{"key":…,"value":…,"partition":…,
 * "headers":…}, …]}}, from a streaming parser positioned before its first token.
 *
 * <p>Not thread-safe: one instance per request, used by the thread parsing that request.
 */
final class RestProxyBodyReader {

    private static final String EXPECTED_BODY = "(expected: a JSON object with a \"records\" array)";

    // Bits marking the record fields already seen, to refuse a record that gives one twice.
    private static final int KEY = 1;
    private static final int VALUE = 2;
    private static final int PARTITION = 4;
    private static final int HEADERS = 8;

    private final JsonParser parser;
    private final byte[] input;
    private final int inputOffset;
    private final RecordFieldReader fields;
    private final JsonHeaderReader headerReader;
    private final RecordCollector records;

    /**
     * @param parser      a parser over {@code input} from {@code inputOffset}; its byte offsets are
     *                    relative to {@code inputOffset}
     * @param binary      whether keys, values and header values are base64 strings
     *                    ({@link BodyFormat#KAFKA_BINARY_V2}) rather than embedded JSON
     */
    RestProxyBodyReader(JsonParser parser, byte[] input, int inputOffset, boolean binary, RecordCollector records) {
        this.parser = parser;
        this.input = input;
        this.inputOffset = inputOffset;
        this.fields = new RecordFieldReader(parser, binary);
        this.headerReader = new JsonHeaderReader(parser, fields);
        this.records = records;
    }

    void read() throws IOException, BadRequestException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw badRequest(BadRequestException.INVALID_JSON, "request body is empty " + EXPECTED_BODY);
        }
        if (parser.currentTokenLocation().getByteOffset() < 0) {
            // Jackson detected UTF-16 or UTF-32 and reads chars, so no byte offsets to slice values with.
            throw badRequest(BadRequestException.INVALID_JSON, "request body is not UTF-8 " + EXPECTED_BODY);
        }
        if (token != JsonToken.START_OBJECT) {
            throw badRequest(BadRequestException.INVALID_BODY,
                    "request body: " + fields.describe(token) + ' ' + EXPECTED_BODY);
        }
        boolean sawRecords = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            token = parser.nextToken();
            if (!"records".equals(field)) {
                parser.skipChildren(); // key_schema, value_schema, ...: no use without a schema registry
                continue;
            }
            if (sawRecords) {
                throw badRequest(BadRequestException.INVALID_BODY, "records: given twice (expected: once)");
            }
            sawRecords = true;
            if (token != JsonToken.START_ARRAY) {
                throw badRequest(BadRequestException.INVALID_BODY,
                        "records: " + fields.describe(token) + " (expected: an array of record objects)");
            }
            readRecords();
        }
        if (!sawRecords) {
            throw badRequest(BadRequestException.INVALID_BODY, "records: missing " + EXPECTED_BODY);
        }
        if (parser.nextToken() != null) {
            throw badRequest(BadRequestException.INVALID_JSON, "unexpected data at offset "
                    + parser.currentTokenLocation().getByteOffset() + " (expected: nothing after the JSON object)");
        }
        if (records.size() == 0) {
            throw badRequest(BadRequestException.NO_RECORDS, "records: empty array (expected: at least one record)");
        }
    }

    private void readRecords() throws IOException, BadRequestException {
        JsonToken token;
        for (int index = 0; (token = parser.nextToken()) != JsonToken.END_ARRAY; index++) {
            records.add(readRecord(token, index));
        }
    }

    private IngestRecord readRecord(JsonToken token, int index) throws IOException, BadRequestException {
        if (token != JsonToken.START_OBJECT) {
            throw badRequest(BadRequestException.INVALID_RECORD,
                    "records[" + index + "]: " + fields.describe(token) + " (expected: a record object)");
        }
        byte[] key = null;
        byte[] value = null;
        int partition = IngestRecord.ANY_PARTITION;
        HeaderList headers = null;
        int seen = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            token = parser.nextToken();
            int bit = fieldBit(field);
            if (bit == 0) {
                parser.skipChildren(); // unknown fields are ignored, as the REST Proxy does
                continue;
            }
            if ((seen & bit) != 0) {
                throw badRequest(BadRequestException.INVALID_RECORD,
                        "records[" + index + "]." + field + ": given twice (expected: once)");
            }
            seen |= bit;
            switch (bit) {
                case KEY -> key = data(token, index, "key");
                case VALUE -> value = data(token, index, "value");
                case PARTITION -> partition = fields.partition(token, index);
                default -> headers = headerReader.read(token, index);
            }
        }
        return headers == null
                ? new IngestRecord(key, value, partition)
                : headers.toRecord(key, value, partition);
    }

    private static int fieldBit(String field) {
        return switch (field) {
            case "key" -> KEY;
            case "value" -> VALUE;
            case "partition" -> PARTITION;
            case "headers" -> HEADERS;
            default -> 0;
        };
    }

    /** A key or value: base64-decoded in the binary format, else the exact bytes of the JSON value. */
    private byte[] data(JsonToken token, int index, String field) throws IOException, BadRequestException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (fields.binary()) {
            return fields.base64(token, index, field);
        }
        long start = parser.currentTokenLocation().getByteOffset();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren(); // leaves the parser just past the matching close bracket
        } else if (token == JsonToken.VALUE_STRING) {
            // Strings are decoded lazily: until then the parser stands just past the opening quote.
            parser.finishToken();
        }
        long end = parser.currentLocation().getByteOffset();
        return Arrays.copyOfRange(input, inputOffset + (int) start, inputOffset + (int) end);
    }
}
