package io.sluice.http;

import java.util.Random;

/**
 * Builds random JSON text from a seeded {@link Random}, with uneven whitespace between tokens, for
 * checking that values are sliced out of a body byte for byte.
 *
 * <p>Not thread-safe: one instance per test.
 */
final class RandomJson {

    private static final String[] WHITESPACE = {"", "", " ", "\t", "\n", "\r\n", "  \t ", " \n\n "};
    private static final String[] STRING_PIECES = {
            "a", "Z", "0", " ", "key", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
            "\\u00e9", "\\u0000", "\\uD83D\\uDE00", "\\u20AC", "é", "☃", "😀", "日本", "{", "}", "[", "]", ",", ":",
    };
    private static final String[] LITERALS = {"true", "false", "null"};

    private final Random random;
    private final int maxDepth;

    RandomJson(long seed, int maxDepth) {
        this.random = new Random(seed);
        this.maxDepth = maxDepth;
    }

    Random random() {
        return random;
    }

    String whitespace() {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }

    /** Any JSON value; containers only while {@code depth} is below the maximum. */
    String value(int depth) {
        int kinds = depth < maxDepth ? 7 : 4;
        return switch (random.nextInt(kinds)) {
            case 0 -> string();
            case 1 -> number();
            case 2 -> LITERALS[random.nextInt(LITERALS.length)];
            case 3 -> random.nextBoolean() ? string() : number();
            case 4, 5 -> object(depth + 1);
            default -> array(depth + 1);
        };
    }

    String string() {
        StringBuilder out = new StringBuilder("\"");
        int pieces = random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            out.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
        }
        return out.append('"').toString();
    }

    String number() {
        StringBuilder out = new StringBuilder();
        if (random.nextBoolean()) {
            out.append('-');
        }
        if (random.nextInt(4) == 0) {
            out.append('0');
        } else {
            out.append(1 + random.nextInt(9));
            int digits = random.nextInt(25); // sometimes past long range
            for (int i = 0; i < digits; i++) {
                out.append(random.nextInt(10));
            }
        }
        if (random.nextInt(3) == 0) {
            out.append('.').append(random.nextInt(1000));
        }
        if (random.nextInt(3) == 0) {
            out.append(random.nextBoolean() ? 'e' : 'E');
            int sign = random.nextInt(3);
            if (sign > 0) {
                out.append(sign == 1 ? '+' : '-');
            }
            out.append(random.nextInt(400));
        }
        return out.toString();
    }

    String object(int depth) {
        StringBuilder out = new StringBuilder("{").append(whitespace());
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(whitespace()).append(',').append(whitespace());
            }
            out.append(string()).append(whitespace()).append(':').append(whitespace()).append(value(depth));
        }
        return out.append(whitespace()).append('}').toString();
    }

    String array(int depth) {
        StringBuilder out = new StringBuilder("[").append(whitespace());
        int elements = random.nextInt(5);
        for (int i = 0; i < elements; i++) {
            if (i > 0) {
                out.append(whitespace()).append(',').append(whitespace());
            }
            out.append(value(depth));
        }
        return out.append(whitespace()).append(']').toString();
    }
}
