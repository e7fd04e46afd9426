package io.sluice.http;

import static io.sluice.http.BadRequestException.badRequest;
import static io.sluice.http.BadRequestException.excerpt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.ring.IngestRecord;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads the fields of one REST Proxy record that have a fixed type, {@code partition} and the
 * base64 keys and values of the binary format, and describes values for error messages. Each
 * method is called with the parser on the field's value token.
 *
 * <p>Not thread-safe: one instance per request, used by the thread parsing that request.
 */
final class RecordFieldReader {

    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final JsonParser parser;
    private final boolean binary;

    RecordFieldReader(JsonParser parser, boolean binary) {
        this.parser = parser;
        this.binary = binary;
    }

    boolean binary() {
        return binary;
    }

    /** {@code null} or an integer from 0 to {@link Integer#MAX_VALUE}. */
    int partition(JsonToken token, int index) throws IOException, BadRequestException {
        if (token == JsonToken.VALUE_NULL) {
            return IngestRecord.ANY_PARTITION;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            int partition = parser.getIntValue();
            if (partition >= 0) {
                return partition;
            }
        }
        throw badRequest(BadRequestException.INVALID_PARTITION, "records[" + index + "].partition: " + describe(token)
                + " (expected: an integer from 0 to " + Integer.MAX_VALUE + ", or null)");
    }

    /** A binary-format key or value; the caller has handled {@code null}. */
    byte[] base64(JsonToken token, int index, String field) throws IOException, BadRequestException {
        if (token != JsonToken.VALUE_STRING) {
            throw badRequest(BadRequestException.INVALID_RECORD, "records[" + index + "]." + field + ": "
                    + describe(token) + " (expected: a base64 string or null)");
        }
        byte[] value = decodeOrNull();
        if (value == null) {
            throw invalidBase64("records[" + index + "]." + field);
        }
        return value;
    }

    /** The current string decoded as base64, or {@code null} when it is not valid base64. */
    byte[] decodeOrNull() throws IOException {
        try {
            return BASE64.decode(parser.getText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    BadRequestException invalidBase64(String where) throws IOException {
        return badRequest(BadRequestException.INVALID_BASE64, where + ": " + describe(JsonToken.VALUE_STRING)
                + " (expected: standard base64, padding optional)");
    }

    /** The current value for an error message: scalars as a short excerpt, containers by kind. */
    String describe(JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> '"' + excerpt(parser.getText()) + '"';
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> excerpt(parser.getText());
            default -> token.name();
        };
    }
}
