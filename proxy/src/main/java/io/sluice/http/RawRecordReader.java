package io.sluice.http;

import static io.sluice.http.BadRequestException.badRequest;
import static io.sluice.http.BadRequestException.excerpt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.sluice.ring.IngestRecord;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the one record of a {@link BodyFormat#RAW} request: the body is the value, and the key,
 * partition and record headers come from {@code X-Kafka-*} request headers.
 *
 * <p>Stateless, so safe to use from any thread.
 */
final class RawRecordReader {

    static final AsciiString KEY_HEADER = AsciiString.cached("x-kafka-key");
    static final AsciiString PARTITION_HEADER = AsciiString.cached("x-kafka-partition");
    static final AsciiString RECORD_HEADER_PREFIX = AsciiString.cached("x-kafka-header-");

    // Integer.MAX_VALUE has 10 digits; anything longer cannot be a partition.
    private static final int MAX_PARTITION_DIGITS = 10;

    private RawRecordReader() {
    }

    static IngestRecord read(ByteBuf body, HttpHeaders headers) throws BadRequestException {
        String key = headers.get(KEY_HEADER);
        int partition = parsePartition(headers.get(PARTITION_HEADER));
        HeaderList recordHeaders = new HeaderList();
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            CharSequence name = header.getKey();
            int prefixLength = RECORD_HEADER_PREFIX.length();
            if (name.length() < prefixLength
                    || !AsciiString.regionMatches(name, true, 0, RECORD_HEADER_PREFIX, 0, prefixLength)) {
                continue;
            }
            if (name.length() == prefixLength) {
                throw badRequest(BadRequestException.INVALID_HEADER,
                        excerpt(name) + ": empty record header name (expected: X-Kafka-Header-<name>)");
            }
            recordHeaders.add(name.subSequence(prefixLength, name.length()).toString(), bytesAsSent(header.getValue()));
        }
        // Always a copy: the caller releases the body, and a pooled buffer's array is reused.
        byte[] value = ByteBufUtil.getBytes(body);
        return recordHeaders.toRecord(key == null ? null : bytesAsSent(key), value, partition);
    }

    /**
     * The bytes of a header value as the client sent them. Netty's HTTP decoder turns each header
     * byte into one char from 0 to 255, so a key sent as UTF-8 arrives as one char per UTF-8 byte;
     * encoding those chars as UTF-8 again would mangle every non-ASCII key. Values built in code
     * with characters above 255 cannot have come off the wire that way and are encoded as UTF-8.
     */
    static byte[] bytesAsSent(CharSequence value) {
        int length = value.length();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                return value.toString().getBytes(StandardCharsets.UTF_8);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    static int parsePartition(CharSequence value) throws BadRequestException {
        if (value == null) {
            return IngestRecord.ANY_PARTITION;
        }
        int length = value.length();
        long partition = 0;
        boolean valid = length > 0 && length <= MAX_PARTITION_DIGITS;
        for (int i = 0; valid && i < length; i++) {
            char c = value.charAt(i);
            valid = c >= '0' && c <= '9';
            partition = partition * 10 + (c - '0');
        }
        if (!valid || partition > Integer.MAX_VALUE) {
            throw badRequest(BadRequestException.INVALID_PARTITION, "X-Kafka-Partition: '" + excerpt(value)
                    + "' (expected: a decimal integer from 0 to " + Integer.MAX_VALUE + ')');
        }
        return (int) partition;
    }
}
