package io.sluice.http;

import io.netty.util.AsciiString;

/**
 * How a produce request's body turns into records, chosen from its {@code Content-Type}.
 *
 * <p>An enum, so immutable and safe to use from any thread. {@link #fromContentType} does not
 * allocate: it is called once per request on the event loop.
 */
public enum BodyFormat {

    /** Kafka REST Proxy v2, embedded JSON: each key and value is any JSON value, kept as sent. */
    KAFKA_JSON_V2(true),
    /** Kafka REST Proxy v2, binary: each key and value is a base64 string. */
    KAFKA_BINARY_V2(true),
    /** Newline-delimited: each non-blank line is one record value. */
    NDJSON(true),
    /** The whole body is one record value; key, partition and headers come from HTTP headers. */
    RAW(false);

    private static final AsciiString KAFKA_JSON_V2_TYPE = AsciiString.cached("application/vnd.kafka.json.v2+json");
    private static final AsciiString KAFKA_BINARY_V2_TYPE = AsciiString.cached("application/vnd.kafka.binary.v2+json");
    private static final AsciiString NDJSON_TYPE = AsciiString.cached("application/x-ndjson");
    // Every other REST Proxy media type (avro, protobuf, json schema, v1, v3, ...) starts with this.
    // Those bodies need a schema registry or another envelope, so treating them as RAW would
    // silently store the envelope itself as the value.
    private static final AsciiString KAFKA_TYPE_PREFIX = AsciiString.cached("application/vnd.kafka.");

    private final boolean restProxyAnswer;

    BodyFormat(boolean restProxyAnswer) {
        this.restProxyAnswer = restProxyAnswer;
    }

    /**
     * Whether a successful produce answers in the REST Proxy shape ({@code {"offsets":[...]}})
     * rather than the single-record shape ({@code {"topic":...,"partition":...,"offset":...}}).
     */
    public boolean restProxyAnswer() {
        return restProxyAnswer;
    }

    /**
     * Picks the format for a {@code Content-Type} header value. The media type is matched without
     * regard to case, parameters (such as {@code ; charset=utf-8}) or surrounding whitespace.
     *
     * @param contentTypeOrNull the header value, or {@code null} when the request has none
     * @return the format; {@link #RAW} for a missing or unrecognised type; {@code null} for a
     *         Kafka REST Proxy type this gateway does not support, which the caller answers with 415
     */
    public static BodyFormat fromContentType(CharSequence contentTypeOrNull) {
        if (contentTypeOrNull == null) {
            return RAW;
        }
        CharSequence value = contentTypeOrNull;
        int end = value.length();
        for (int i = 0; i < end; i++) {
            if (value.charAt(i) == ';') {
                end = i;
                break;
            }
        }
        int start = 0;
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        int length = end - start;
        if (matches(value, start, length, KAFKA_JSON_V2_TYPE)) {
            return KAFKA_JSON_V2;
        }
        if (matches(value, start, length, KAFKA_BINARY_V2_TYPE)) {
            return KAFKA_BINARY_V2;
        }
        if (matches(value, start, length, NDJSON_TYPE)) {
            return NDJSON;
        }
        if (length >= KAFKA_TYPE_PREFIX.length()
                && AsciiString.regionMatches(value, true, start, KAFKA_TYPE_PREFIX, 0, KAFKA_TYPE_PREFIX.length())) {
            return null;
        }
        return RAW;
    }

    private static boolean matches(CharSequence value, int start, int length, AsciiString mediaType) {
        return length == mediaType.length()
                && AsciiString.regionMatches(value, true, start, mediaType, 0, length);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
