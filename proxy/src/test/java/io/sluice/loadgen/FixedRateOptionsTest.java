package io.sluice.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FixedRateOptionsTest {

    @Test
    void defaults() {
        FixedRateOptions options = FixedRateOptions.parse("--url", "http://127.0.0.1:8080/topics/t", "--rate", "6500.5");
        assertThat(options.host).isEqualTo("127.0.0.1");
        assertThat(options.port).isEqualTo(8080);
        assertThat(options.path).isEqualTo("/topics/t");
        assertThat(options.rate).isEqualTo(6500.5);
        assertThat(options.durationSeconds).isEqualTo(15);
        assertThat(options.warmUpSeconds).isEqualTo(5);
        assertThat(options.connections).isEqualTo(64);
        assertThat(options.queue).as("connections x 64").isEqualTo(4096);
        assertThat(options.recordBytes).isEqualTo(1024);
    }

    @Test
    void theQueueFollowsTheConnectionsUnlessGiven() {
        assertThat(FixedRateOptions.parse("--url", "http://h/p", "--rate", "1", "--connections", "2").queue).isEqualTo(128);
        assertThat(FixedRateOptions.parse("--url", "http://h/p", "--rate", "1", "--queue", "5", "--connections", "2").queue)
                .isEqualTo(5);
    }

    @Test
    void encodesOnePostWithAPlainTextBody() {
        byte[] request = FixedRateOptions.parse("--url", "http://127.0.0.1:9/topics/bench?x=1", "--rate", "1",
                "--record-bytes", "4").requestBytes();
        assertThat(new String(request, StandardCharsets.US_ASCII)).isEqualTo("POST /topics/bench?x=1 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:9\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: 4\r\n"
                + "\r\n"
                + "xxxx");
    }

    @Test
    void namesTheBadValue() {
        assertThatThrownBy(() -> FixedRateOptions.parse("--rate", "1")).hasMessageContaining("--url: missing");
        assertThatThrownBy(() -> FixedRateOptions.parse("--url", "http://h/p")).hasMessageContaining("--rate: missing");
        assertThatThrownBy(() -> FixedRateOptions.parse("--url", "https://h/p", "--rate", "1"))
                .hasMessageContaining("--url: https://h/p (expected: http://HOST:PORT/PATH)");
        assertThatThrownBy(() -> FixedRateOptions.parse("--url", "http://h/p", "--rate", "-2"))
                .hasMessageContaining("--rate: -2.0 (expected: > 0)");
        assertThatThrownBy(() -> FixedRateOptions.parse("--url", "http://h/p", "--rate", "1", "--connections", "0"))
                .hasMessageContaining("--connections: 0 (expected: >= 1)");
        assertThatThrownBy(() -> FixedRateOptions.parse("--url", "http://h/p", "--rate", "lots"))
                .hasMessageContaining("--rate: lots (expected: a number)");
        assertThatThrownBy(() -> FixedRateOptions.parse("--url", "http://h/p", "--rate", "1", "--pipeline", "2"))
                .hasMessageContaining("--pipeline: unknown option");
        assertThatThrownBy(() -> FixedRateOptions.parse("--url")).hasMessageContaining("--url: missing value");
    }
}
