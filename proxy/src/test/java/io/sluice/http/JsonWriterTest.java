package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    private static String number(long value) {
        ByteBuf out = Unpooled.buffer(1);
        try {
            out.writeByte('[');
            JsonWriter.number(out, value);
            out.writeByte(']');
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    private static String string(CharSequence value) {
        ByteBuf out = Unpooled.buffer(1);
        try {
            JsonWriter.string(out, value);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void numbersAreWrittenAsTheirDecimalDigits() {
        long[] values = {0, 1, -1, 9, 10, -9, -10, 99, 100, 999_999_999, 1_000_000_000, 1_234_567_890,
                Integer.MAX_VALUE, Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE - 1,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, -1_000_000_000_000_000_000L};
        for (long value : values) {
            assertThat(number(value)).as("%d, after and before other bytes", value).isEqualTo("[" + value + "]");
            assertThat(JsonWriter.length(value)).as("length of %d", value).isEqualTo(Long.toString(value).length());
        }
    }

    @Test
    void everyPowerOfTenAndItsNeighboursIsWrittenWhole() {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++, power *= 10) {
            for (long value : new long[] {power - 1, power, power + 1, -power + 1, -power, -power - 1}) {
                assertThat(number(value)).isEqualTo("[" + value + "]");
            }
        }
    }

    @Test
    void randomNumbersMatchLongToString() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            // Shift by a random amount so that every length is drawn, not only 18- and 19-digit ones.
            long value = random.nextLong() >> random.nextInt(64);
            assertThat(number(value)).isEqualTo("[" + value + "]");
        }
    }

    @Test
    void numbersGrowTheBufferWhenNeeded() {
        ByteBuf out = Unpooled.buffer(0, 64);
        try {
            JsonWriter.number(out, Long.MIN_VALUE);
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("-9223372036854775808");
        } finally {
            out.release();
        }
    }

    @Test
    void stringsAreQuotedAndEscaped() {
        assertThat(string("plain")).isEqualTo("\"plain\"");
        assertThat(string("")).isEqualTo("\"\"");
        assertThat(string(null)).isEqualTo("null");
        assertThat(string("a\"b\\c\nd\re\tf")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\"");
        assertThat(string("\u0000\u001f")).isEqualTo("\"\\u0000\\u001f\"");
        assertThat(string("é😀")).as("non-ASCII copied as UTF-8").isEqualTo("\"é😀\"");
    }

    @Test
    void encodedStringsAreWhatStringWrites() {
        for (String value : new String[] {"topic.a-1_B", "", "a\"b\u0001", "é😀"}) {
            assertThat(new String(JsonWriter.encodedString(value), StandardCharsets.UTF_8)).isEqualTo(string(value));
        }
        assertThat(JsonWriter.encodedString(null)).isEqualTo("null".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void fragmentsJoinTheirPartsAndMustBeAscii() {
        assertThat(JsonWriter.fragment(JsonWriter.ascii("{\"a\":"), JsonWriter.encodedString("b"), JsonWriter.ascii("}")))
                .isEqualTo("{\"a\":\"b\"}".getBytes(StandardCharsets.US_ASCII));
        assertThat(JsonWriter.fragment()).isEmpty();
        assertThatThrownBy(() -> JsonWriter.ascii("é")).isInstanceOf(IllegalArgumentException.class);
    }
}
