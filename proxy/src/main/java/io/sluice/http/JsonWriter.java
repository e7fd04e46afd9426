package io.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Writes small JSON documents straight into a {@link ByteBuf}, without building a tree first.
 * Only what Sluice's answers need: strings (escaped per RFC 8259), integers, {@code null} and
 * constant fragments. Constant fragments are encoded once, with {@link #ascii} or
 * {@link #fragment}, into {@code static final} arrays and copied with {@code writeBytes}; numbers
 * are written as ASCII digits without an intermediate {@code String}. Stateless; call from the
 * event loop that owns the buffer.
 */
final class JsonWriter {

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] NULL = ascii("null");

    private JsonWriter() {
    }

    /** The bytes of a constant fragment made of ASCII characters only. */
    static byte[] ascii(String fragment) {
        for (int i = 0; i < fragment.length(); i++) {
            if (fragment.charAt(i) > 0x7f) {
                throw new IllegalArgumentException("fragment: " + fragment + " (expected: ASCII only)");
            }
        }
        return fragment.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code parts} one after the other, in one array. */
    static byte[] fragment(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    /** {@code value} as {@link #string} writes it, quotes included, for callers that cache it. */
    static byte[] encodedString(CharSequence value) {
        ByteBuf buf = Unpooled.buffer(value == null ? 4 : value.length() + 2);
        try {
            string(buf, value);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Writes {@code value} in decimal ASCII digits, with a leading {@code -} if negative. */
    static void number(ByteBuf out, long value) {
        int length = length(value);
        int start = out.writerIndex();
        out.ensureWritable(length);
        // Digits from the last one, on the value made negative: that range also holds Long.MIN_VALUE.
        long rest = value < 0 ? value : -value;
        int at = start + length;
        do {
            long next = rest / 10;
            out.setByte(--at, (int) ('0' + next * 10 - rest));
            rest = next;
        } while (rest != 0);
        if (value < 0) {
            out.setByte(--at, '-');
        }
        out.writerIndex(start + length);
    }

    /** How many characters {@link #number} writes for {@code value}, sign included. */
    static int length(long value) {
        long negative = value < 0 ? value : -value;
        int digits = 1;
        // Compared on the negative side so that Long.MIN_VALUE needs no special case; 19 digits at most.
        for (long bound = -10; digits < 19 && negative <= bound; bound *= 10) {
            digits++;
        }
        return value < 0 ? digits + 1 : digits;
    }

    /** Writes {@code value} as a quoted JSON string, or {@code null}. */
    static void string(ByteBuf out, CharSequence value) {
        if (value == null) {
            out.writeBytes(NULL);
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
            out.writeByte('\\');
            switch (c) {
                case '"':
                    out.writeByte('"');
                    break;
                case '\\':
                    out.writeByte('\\');
                    break;
                case '\n':
                    out.writeByte('n');
                    break;
                case '\r':
                    out.writeByte('r');
                    break;
                case '\t':
                    out.writeByte('t');
                    break;
                default:
                    // Other control characters; everything else, non-ASCII included, is copied as UTF-8.
                    out.writeByte('u').writeByte('0').writeByte('0')
                            .writeByte(HEX[c >> 4 & 0xf]).writeByte(HEX[c & 0xf]);
            }
        }
        out.writeCharSequence(value.subSequence(start, length), StandardCharsets.UTF_8);
        out.writeByte('"');
    }
}
