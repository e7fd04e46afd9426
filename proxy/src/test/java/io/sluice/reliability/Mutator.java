package io.sluice.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Derives hostile variants from corpus cases: bit flips, byte insertions and deletions, duplicated
 * ranges, splices of two cases, mangled Content-Length values and chunk sizes, broken line endings.
 * Deterministic for a given {@link Random}. Not thread-safe; one per worker.
 */
final class Mutator {

    private static final byte[][] TOKENS = {
        bytes("\r\n"), bytes("\n"), bytes("\r"), {0}, bytes(":"), bytes(" "), bytes("\t"), bytes(","),
        bytes("chunked"), bytes("Transfer-Encoding: chunked\r\n"), bytes("Content-Length: 7\r\n"),
        bytes("Connection: close\r\n"), bytes("Expect: 100-continue\r\n"), bytes("0\r\n\r\n"),
        bytes("POST /topics/hostile-ok HTTP/1.1\r\n"), bytes("{\"records\":["), bytes("]}"), bytes("\""),
        bytes("%00"), bytes("../"), bytes("\u00ff"), bytes("ffffffff"), bytes("-1"), bytes("99999999999999999999"),
    };
    private static final String[] NUMBERS = {"0", "1", "-1", "+5", "0x10", "ffffffffffffffff", "99999999999999999999",
        "18446744073709551616", "2147483648", "5 5", "", " ", "1,2", "00000000000000000005"};

    private final Random random;
    private final List<byte[]> corpus;

    Mutator(Random random, List<byte[]> corpus) {
        this.random = random;
        this.corpus = corpus;
    }

    /** A corpus case with one to four mutations stacked. */
    byte[] next() {
        byte[] data = corpus.get(random.nextInt(corpus.size()));
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            data = mutate(data);
        }
        return data;
    }

    private byte[] mutate(byte[] data) {
        if (data.length == 0) {
            return TOKENS[random.nextInt(TOKENS.length)].clone();
        }
        switch (random.nextInt(8)) {
            case 0:
                return flipBits(data);
            case 1:
                return insert(data, random.nextInt(data.length + 1), randomBytes());
            case 2:
                return insert(data, random.nextInt(data.length + 1), TOKENS[random.nextInt(TOKENS.length)]);
            case 3:
                return delete(data);
            case 4:
                return duplicate(data);
            case 5:
                return splice(data, corpus.get(random.nextInt(corpus.size())));
            case 6:
                return mangleNumber(data);
            default:
                return breakLineEnding(data);
        }
    }

    private byte[] flipBits(byte[] data) {
        byte[] out = data.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(16)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] insert(byte[] data, int at, byte[] what) {
        byte[] out = new byte[data.length + what.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(data, at, out, at + what.length, data.length - at);
        return out;
    }

    private byte[] delete(byte[] data) {
        int from = random.nextInt(data.length);
        int to = Math.min(data.length, from + 1 + random.nextInt(Math.max(1, Math.min(64, data.length - from))));
        byte[] out = new byte[data.length - (to - from)];
        System.arraycopy(data, 0, out, 0, from);
        System.arraycopy(data, to, out, from, data.length - to);
        return out;
    }

    private byte[] duplicate(byte[] data) {
        int from = random.nextInt(data.length);
        int to = Math.min(data.length, from + 1 + random.nextInt(256));
        return insert(data, to, Arrays.copyOfRange(data, from, to));
    }

    private byte[] splice(byte[] a, byte[] b) {
        int cutA = random.nextInt(a.length + 1);
        int cutB = b.length == 0 ? 0 : random.nextInt(b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(a, 0, cutA);
        out.write(b, cutB, b.length - cutB);
        return out.toByteArray();
    }

    /** Replaces a Content-Length value, or the chunk size after the head, with an odd number. */
    private byte[] mangleNumber(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        String number = NUMBERS[random.nextInt(NUMBERS.length)];
        int cl = text.toLowerCase().indexOf("content-length:");
        int headEnd = text.indexOf("\r\n\r\n");
        if (cl >= 0 && (headEnd < 0 || random.nextBoolean())) {
            int start = cl + "content-length:".length();
            int end = text.indexOf('\r', start);
            if (end > start) {
                return bytes(text.substring(0, start) + " " + number + text.substring(end));
            }
        }
        if (headEnd >= 0 && headEnd + 4 < text.length()) {
            int start = headEnd + 4;
            int end = text.indexOf("\r\n", start);
            if (end > start && end - start <= 20) {
                String size = random.nextBoolean() ? number : Long.toHexString(random.nextLong());
                return bytes(text.substring(0, start) + size + text.substring(end));
            }
        }
        return flipBits(data);
    }

    private byte[] breakLineEnding(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\r\n", random.nextInt(text.length()));
        if (at < 0) {
            return insert(data, random.nextInt(data.length + 1), TOKENS[0]);
        }
        String[] replacements = {"\n", "\r", "\r\r\n", "\n\r", "", "\r\n\r\n", "\r\n "};
        return bytes(text.substring(0, at) + replacements[random.nextInt(replacements.length)] + text.substring(at + 2));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
