package io.sluice.http;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes small JSON documents straight into a {@link ByteBuf}, without building a tree first.
 * Only what Sluice's answers need: strings (escaped per RFC 8259), numbers, {@code null} and raw
 * punctuation. Stateless; call from the event loop that owns the buffer.
 */
final class JsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonWriter() {
    }

    static void raw(ByteBuf out, String ascii) {
        out.writeCharSequence(ascii, StandardCharsets.US_ASCII);
    }

    static void number(ByteBuf out, long value) {
        out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as a quoted JSON string, or {@code null}. */
    static void string(ByteBuf out, CharSequence value) {
        if (value == null) {
            raw(out, "null");
            return;
        }
        out.writeByte('"');
        int start = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.writeCharSequence(value.subSequence(start, i), StandardCharsets.UTF_8);
            start = i + 1;
            switch (c) {
                case '"':
                    raw(out, "\\\"");
                    break;
                case '\\':
                    raw(out, "\\\\");
                    break;
                case '\n':
                    raw(out, "\\n");
                    break;
                case '\r':
                    raw(out, "\\r");
                    break;
                case '\t':
                    raw(out, "\\t");
                    break;
                default:
                    // Other control characters; everything else, non-ASCII included, is copied as UTF-8.
                    out.writeByte('\\').writeByte('u').writeByte('0').writeByte('0')
                            .writeByte(HEX[c >> 4 & 0xf]).writeByte(HEX[c & 0xf]);
            }
        }
        out.writeCharSequence(value.subSequence(start, length), StandardCharsets.UTF_8);
        out.writeByte('"');
    }
}
