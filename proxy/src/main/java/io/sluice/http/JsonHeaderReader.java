package io.sluice.http;

import static io.sluice.http.BadRequestException.badRequest;
import static io.sluice.http.BadRequestException.excerpt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code headers} field of one REST Proxy record. Values are the UTF-8 bytes of the
 * string in the JSON format and the decoded bytes in the binary format.
 *
 * <p>Not thread-safe: one instance per request, used by the thread parsing that request.
 */
final class JsonHeaderReader {

    private final JsonParser parser;
    private final RecordFieldReader fields;

    JsonHeaderReader(JsonParser parser, RecordFieldReader fields) {
        this.parser = parser;
        this.fields = fields;
    }

    /**
     * {@code null}, an array of {@code {"name": string, "value": string|null}} objects, or an
     * object of {@code name: string|null} fields.
     */
    HeaderList read(JsonToken token, int index) throws IOException, BadRequestException {
        HeaderList headers = new HeaderList();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (name.isEmpty()) {
                    throw emptyName(where(index, -1, ""));
                }
                headers.add(name, headerValue(parser.nextToken(), index, -1, name));
            }
        } else if (token == JsonToken.START_ARRAY) {
            for (int h = 0; (token = parser.nextToken()) != JsonToken.END_ARRAY; h++) {
                readHeaderObject(token, index, h, headers);
            }
        } else if (token != JsonToken.VALUE_NULL) {
            throw badRequest(BadRequestException.INVALID_HEADER, where(index, -1, ": ") + fields.describe(token)
                    + " (expected: an array of {\"name\",\"value\"} objects, an object of names to values, or null)");
        }
        return headers;
    }

    private void readHeaderObject(JsonToken token, int index, int h, HeaderList headers)
            throws IOException, BadRequestException {
        if (token != JsonToken.START_OBJECT) {
            throw badRequest(BadRequestException.INVALID_HEADER, where(index, h, ": ") + fields.describe(token)
                    + " (expected: an object with \"name\" and \"value\")");
        }
        String name = null;
        byte[] value = null;
        boolean sawValue = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            token = parser.nextToken();
            if ("name".equals(field)) {
                if (name != null) {
                    throw badRequest(BadRequestException.INVALID_HEADER, where(index, h, ".name: given twice (expected: once)"));
                }
                if (token != JsonToken.VALUE_STRING) {
                    throw badRequest(BadRequestException.INVALID_HEADER,
                            where(index, h, ".name: ") + fields.describe(token) + " (expected: a non-empty string)");
                }
                name = parser.getText();
            } else if ("value".equals(field)) {
                if (sawValue) {
                    throw badRequest(BadRequestException.INVALID_HEADER, where(index, h, ".value: given twice (expected: once)"));
                }
                sawValue = true;
                value = headerValue(token, index, h, null);
            } else {
                parser.skipChildren();
            }
        }
        if (name == null) {
            throw badRequest(BadRequestException.INVALID_HEADER, where(index, h, ".name: missing (expected: a non-empty string)"));
        }
        if (name.isEmpty()) {
            throw emptyName(where(index, h, ".name"));
        }
        headers.add(name, value);
    }

    /**
     * One header value.
     *
     * @param h    the header's position in the array form, or -1 in the object form
     * @param name the header's name in the object form, for error messages
     */
    private byte[] headerValue(JsonToken token, int index, int h, String name) throws IOException, BadRequestException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw badRequest(BadRequestException.INVALID_HEADER, headerValueWhere(index, h, name) + ": " + fields.describe(token)
                    + (fields.binary() ? " (expected: a base64 string or null)" : " (expected: a string or null)"));
        }
        if (!fields.binary()) {
            return parser.getText().getBytes(StandardCharsets.UTF_8);
        }
        byte[] value = fields.decodeOrNull();
        if (value == null) {
            throw fields.invalidBase64(headerValueWhere(index, h, name));
        }
        return value;
    }

    private static String headerValueWhere(int index, int h, String name) {
        return h < 0 ? where(index, -1, "." + excerpt(name)) : where(index, h, ".value");
    }

    /** Where in the body a header problem is, for messages only: built on the error path. */
    private static String where(int index, int h, String suffix) {
        return "records[" + index + "].headers" + (h < 0 ? "" : "[" + h + ']') + suffix;
    }

    private static BadRequestException emptyName(String where) {
        return badRequest(BadRequestException.INVALID_HEADER, where + ": empty header name (expected: a non-empty string)");
    }
}
