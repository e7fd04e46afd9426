package io.sluice.http;

import static io.sluice.http.BadRequestException.badRequest;
import static io.sluice.http.BadRequestException.excerpt;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.sluice.ring.IngestRecord;
import java.io.IOException;

/**
 * Turns the body of a produce request into records, following the rules of its {@link BodyFormat}.
 *
 * <p>Immutable and thread-safe: one instance is shared by all event loops. Each call works only on
 * its own arguments and a parser of its own.
 *
 * <p>Rules per format:
 * <ul>
 *   <li>{@link BodyFormat#KAFKA_JSON_V2}: {@code {"records":[{"key":…,"value":…,"partition":n,
 *       "headers":…}, …]}}. A key or value is any JSON value, and the record gets the exact bytes
 *       the client sent for it; JSON {@code null} or a missing field means no key or value.
 *       Other top-level fields and unknown record fields are ignored.</li>
 *   <li>{@link BodyFormat#KAFKA_BINARY_V2}: the same, but a key or value is a base64 string.</li>
 *   <li>{@link BodyFormat#NDJSON}: each non-blank line is one value, passed on without being
 *       checked to be JSON (see {@link NdjsonSplitter}).</li>
 *   <li>{@link BodyFormat#RAW}: the body is one value; {@code X-Kafka-Key},
 *       {@code X-Kafka-Partition} and {@code X-Kafka-Header-<name>} give the rest.</li>
 * </ul>
 * Record headers in the REST Proxy formats are an array of {@code {"name","value"}} objects or an
 * object of names to values; values are strings (base64 in the binary format) or {@code null}.
 * JSON is read strictly (no comments, single quotes or leading zeros; valid UTF-8 only), and
 * Jackson's default size limits apply besides the nesting depth given here: a number of more than
 * 1000 digits, for one, is refused as invalid JSON.
 */
public final class RecordBodyParser {

    // {"records":[{ is three levels deep before any key or value starts.
    private static final int ENVELOPE_DEPTH = 3;

    private final int maxRecordsPerRequest;
    private final int maxJsonNestingDepth;
    private final JsonFactory jsonFactory;

    /**
     * @param maxRecordsPerRequest more records than this in one request are refused with 413
     * @param maxJsonNestingDepth  the deepest nesting allowed in a REST Proxy body, counting the
     *                             {@code {"records":[{…}]}} envelope as three levels
     */
    public RecordBodyParser(int maxRecordsPerRequest, int maxJsonNestingDepth) {
        if (maxRecordsPerRequest < 1) {
            throw new IllegalArgumentException("maxRecordsPerRequest: " + maxRecordsPerRequest + " (expected: >= 1)");
        }
        if (maxJsonNestingDepth < ENVELOPE_DEPTH) {
            throw new IllegalArgumentException("maxJsonNestingDepth: " + maxJsonNestingDepth
                    + " (expected: >= " + ENVELOPE_DEPTH + ", the depth of the records envelope)");
        }
        this.maxRecordsPerRequest = maxRecordsPerRequest;
        this.maxJsonNestingDepth = maxJsonNestingDepth;
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxJsonNestingDepth).build())
                // Field names inside client values are arbitrary: keep them out of the JVM string pool.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                // Parse errors must not carry the body into messages.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /**
     * Parses {@code body} into records.
     *
     * @param body    the request body; read from its reader index without moving it, and neither
     *                retained nor released: the caller owns it
     * @param headers the request headers; only {@link BodyFormat#RAW} reads them
     * @return at least one record, in the order sent
     * @throws BadRequestException with status 413 and {@code TOO_MANY_RECORDS} for more than the
     *         limit, otherwise with status 400 and a code naming the problem
     */
    public IngestRecord[] parse(BodyFormat format, ByteBuf body, HttpHeaders headers) throws BadRequestException {
        requireNonNull(format, "format");
        requireNonNull(body, "body");
        requireNonNull(headers, "headers");
        if (format == BodyFormat.RAW) {
            return new IngestRecord[] {RawRecordReader.read(body, headers)};
        }
        int length = body.readableBytes();
        byte[] input;
        int offset;
        if (body.hasArray()) {
            input = body.array();
            offset = body.arrayOffset() + body.readerIndex();
        } else {
            input = ByteBufUtil.getBytes(body);
            offset = 0;
        }
        RecordCollector records = new RecordCollector(maxRecordsPerRequest);
        if (format == BodyFormat.NDJSON) {
            NdjsonSplitter.split(input, offset, length, records);
            if (records.size() == 0) {
                throw badRequest(BadRequestException.NO_RECORDS, "request body has no non-blank line (expected: one record value per line)");
            }
        } else {
            parseRestProxy(input, offset, length, format == BodyFormat.KAFKA_BINARY_V2, records);
        }
        return records.toArray();
    }

    private void parseRestProxy(byte[] input, int offset, int length, boolean binary, RecordCollector records)
            throws BadRequestException {
        try (JsonParser parser = jsonFactory.createParser(input, offset, length)) {
            try {
                new RestProxyBodyReader(parser, input, offset, binary, records).read();
            } catch (JsonProcessingException e) {
                throw invalidJson(e, parser);
            }
        } catch (IOException e) {
            // Reading a byte array does no I/O; only JsonProcessingException, handled above, is expected.
            throw badRequest(BadRequestException.INVALID_JSON, "request body could not be read as JSON");
        }
    }

    private BadRequestException invalidJson(JsonProcessingException e, JsonParser parser) {
        JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        long at = location.getByteOffset();
        // The depth check fires before the new level is entered, so the parser is at the limit.
        if (e instanceof StreamConstraintsException && parser.getParsingContext().getNestingDepth() >= maxJsonNestingDepth) {
            return badRequest(BadRequestException.INVALID_JSON, "JSON nested too deeply at offset " + at
                    + " (expected: at most " + maxJsonNestingDepth + " levels, counting {\"records\":[{ as three)");
        }
        return badRequest(BadRequestException.INVALID_JSON,
                "invalid JSON at offset " + at + ": " + excerpt(String.valueOf(e.getOriginalMessage())));
    }
}
