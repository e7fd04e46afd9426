package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.RawHttp;
import io.sluice.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** max-connections, reserved-connections and idle-timeout as documented in reference.conf. */
class ConnectionLimitsIT {

    private static final Pattern ACTIVE = Pattern.compile("(?m)^sluice_connections_active ([0-9.]+)$");
    private static final Pattern REJECTED = Pattern.compile("(?m)^sluice_connections_rejected_total ([0-9.]+)$");

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        KafkaBroker.shared().createTopic("cl-ok", 1);
        KafkaBroker.shared().createTopic("cl-critical", 1);
        gateway = TestGateway.start(KafkaBroker.shared().bootstrapServers(),
                "sluice.server { max-connections = 2, reserved-connections = 1, idle-timeout = 1 s }",
                "sluice.routes = [ { path = \"/v1/critical\", topic = cl-critical, tier = critical } ]");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Connections closed by an earlier test are counted down on their event loop, a moment later. */
    @BeforeEach
    void noConnectionLeftOpen() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> meter(ACTIVE) == 0);
    }

    private static long meter(Pattern series) {
        Matcher m = series.matcher(gateway.get(gateway.adminUri("/metrics")).body());
        assertThat(m.find()).as(series.pattern()).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void beyondTheLimitAndTheReserveConnectionsAreAnswered503AndClosed() {
        // Each connection is opened once the one before has been answered, so that it is known
        // which of them takes the reserve slot (two event loops accept concurrently).
        try (RawHttp first = new RawHttp(gateway.port())) {
            first.write(RawHttp.post("/topics/cl-ok", "text/plain", "1"));
            assertThat(first.read().status).isEqualTo(200);
            try (RawHttp second = new RawHttp(gateway.port())) {
                second.write(RawHttp.post("/topics/cl-ok", "text/plain", "2"));
                assertThat(second.read().status).isEqualTo(200);
                try (RawHttp reserve = new RawHttp(gateway.port())) {
                    reservedSlotServesCriticalAndNothingIsLeft(reserve);
                }
            }
        }
        // Every slot is free again once its connection is gone.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (RawHttp again = new RawHttp(gateway.port())) {
                again.write(RawHttp.post("/topics/cl-ok", "text/plain", "3"));
                assertThat(again.read().status).isEqualTo(200);
            }
        });
    }

    /** The third connection holds the reserve slot; a fourth finds nothing left. */
    private static void reservedSlotServesCriticalAndNothingIsLeft(RawHttp reserve) {
        // The third connection holds the reserve slot: critical requests go through, again and again.
        reserve.write(RawHttp.post("/v1/critical", "text/plain", "c1"));
        assertThat(reserve.read().status).isEqualTo(200);
        reserve.write(RawHttp.post("/v1/critical", "text/plain", "c2"));
        assertThat(reserve.read().status).isEqualTo(200);
        long rejectedBefore = meter(REJECTED);
        try (RawHttp fourth = new RawHttp(gateway.port())) {
            RawHttp.Answer busy = fourth.read();
            assertThat(busy.status).isEqualTo(503);
            assertThat(busy.body).contains("\"error_code\":\"SERVER_BUSY\"");
            assertThat(Integer.parseInt(busy.header("Retry-After"))).as("jittered").isBetween(1, 4);
            assertThat(fourth.isClosedByServer()).isTrue();
        }
        assertThat(meter(REJECTED)).isEqualTo(rejectedBefore + 1);
        assertThat(meter(ACTIVE)).isEqualTo(3);
    }

    @Test
    void aReserveConnectionRefusesLowerTiersAndFreesItsSlot() {
        // Two connections, both regular (max-connections = 2) whatever order they are accepted in.
        try (RawHttp first = new RawHttp(gateway.port()); RawHttp second = new RawHttp(gateway.port())) {
            first.write(RawHttp.post("/topics/cl-ok", "text/plain", "1"));
            assertThat(first.read().status).isEqualTo(200);
            second.write(RawHttp.post("/topics/cl-ok", "text/plain", "2"));
            assertThat(second.read().status).isEqualTo(200);
            long rejectedBefore = meter(REJECTED);
            try (RawHttp bulk = new RawHttp(gateway.port())) {
                // Pipelined: the second request must not be read once the first was refused.
                bulk.write(RawHttp.post("/topics/cl-ok", "text/plain", "standard tier")
                        + RawHttp.post("/v1/critical", "text/plain", "too late"));
                List<RawHttp.Answer> answers = bulk.readUntilClosed();
                assertThat(answers).as("one answer, then the connection closes").hasSize(1);
                RawHttp.Answer busy = answers.get(0);
                assertThat(busy.status).isEqualTo(503);
                assertThat(busy.body).contains("\"error_code\":\"SERVER_BUSY\"");
                assertThat(busy.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(Integer.parseInt(busy.header("Retry-After"))).isPositive();
            }
            assertThat(meter(REJECTED)).isEqualTo(rejectedBefore + 1);
            // The refused connection gave its reserve slot back: a critical client gets it.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (RawHttp critical = new RawHttp(gateway.port())) {
                    critical.write(RawHttp.post("/v1/critical", "text/plain", "c"));
                    assertThat(critical.read().status).isEqualTo(200);
                }
            });
            // The regular connections kept serving every tier meanwhile.
            first.write(RawHttp.post("/topics/cl-ok", "text/plain", "3"));
            assertThat(first.read().status).isEqualTo(200);
        }
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
