package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.RawHttp;
import io.sluice.testing.TestGateway;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** max-connections and idle-timeout as documented in reference.conf. */
class ConnectionLimitsIT {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        KafkaBroker.shared().createTopic("cl-ok", 1);
        gateway = TestGateway.start(KafkaBroker.shared().bootstrapServers(),
                "sluice.server { max-connections = 2, idle-timeout = 1 s }");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void connectionsBeyondTheLimitAreAnswered503AndClosed() {
        try (RawHttp first = new RawHttp(gateway.port()); RawHttp second = new RawHttp(gateway.port())) {
            first.write(RawHttp.post("/topics/cl-ok", "text/plain", "1"));
            assertThat(first.read().status).isEqualTo(200);
            second.write(RawHttp.post("/topics/cl-ok", "text/plain", "2"));
            assertThat(second.read().status).isEqualTo(200);
            try (RawHttp third = new RawHttp(gateway.port())) {
                RawHttp.Answer busy = third.read();
                assertThat(busy.status).isEqualTo(503);
                assertThat(busy.body).contains("\"error_code\":\"SERVER_BUSY\"");
                assertThat(Integer.parseInt(busy.header("Retry-After"))).as("jittered").isBetween(1, 4);
                assertThat(third.isClosedByServer()).isTrue();
            }
            assertThat(gateway.server().settings().server().maxConnections()).isEqualTo(2);
        }
        // Both slots are free again once their connections are gone.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (RawHttp again = new RawHttp(gateway.port())) {
                again.write(RawHttp.post("/topics/cl-ok", "text/plain", "3"));
                assertThat(again.read().status).isEqualTo(200);
            }
        });
    }

    @Test
    void idleKeepAliveConnectionsAreClosedAfterIdleTimeout() {
        try (RawHttp http = new RawHttp(gateway.port(), 10_000)) {
            http.write(RawHttp.post("/topics/cl-ok", "text/plain", "x"));
            assertThat(http.read().status).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(http.isClosedByServer()).isTrue();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).as("closed about idle-timeout (1 s) after the answer").isBetween(500L, 5000L);
        }
    }
}
