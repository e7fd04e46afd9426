package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends every case of the hostile-input corpus ({@code src/test/resources/hostile/}) over a plain
 * socket and checks the answers the manifest expects, then that the gateway still serves a normal
 * request. Every answer body is kept and scanned for leaked internals. The leak check runs after
 * the class, as for every test class.
 */
class HostileInputIT {

    /** request-timeout + slack: a case with no answer and no close by then is a hang. */
    static final int READ_TIMEOUT_MILLIS = 5_000;

    /** The gateway's settings for hostile input: short request time-out, small bodies, an allow-list. */
    static final String[] GATEWAY = {
        "sluice.server { max-content-length = 16 KiB, request-timeout = 1 s }",
        "sluice.kafka.producer { \"max.block.ms\" = \"200\", \"request.timeout.ms\" = \"300\","
                + " \"delivery.timeout.ms\" = \"600\", \"linger.ms\" = \"0\" }",
        "sluice.topics.allow = [\"hostile-*\"]"
    };

    private static TestGateway gateway;
    private static final List<String> bodies = new ArrayList<>();
    private static final Map<String, String> outcomes = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        Faults.createTopicIfAbsent(KafkaBroker.shared(), "hostile-ok");
        gateway = TestGateway.start(KafkaBroker.shared().bootstrapServers(), GATEWAY);
        awaitServing(gateway, "hostile-ok");
    }

    /**
     * Waits until the topic takes a record: with max.block.ms = 200 a cold producer may time out
     * on its first metadata fetch, and the gateway then refuses the topic for a few seconds.
     */
    static void awaitServing(TestGateway gateway, String topic) {
        Awaitility.await("gateway serves " + topic).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> gateway.post("/topics/" + topic, "text/plain", "warm-up").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws IOException {
        gateway.close();
        StringBuilder report = new StringBuilder("# case\texpected\tactual\n");
        new TreeMap<>(outcomes).forEach((name, line) -> report.append(name).append('\t').append(line).append('\n'));
        Path file = Path.of("target", "hostile-results.tsv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
    }

    static Stream<HostileCase> cases() {
        return HostileCase.all().stream();
    }

    @Test
    void corpusHasAtLeastSixtyCases() {
        assertThat(HostileCase.all()).hasSizeGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsTheManifestSaysAndKeepsServing(HostileCase c) throws IOException {
        List<WireClient.Answer> answers = exchange(gateway.port(), c);
        assertStillServing(c.name);
        synchronized (bodies) {
            answers.forEach(a -> bodies.add(a.body));
        }
    }

    /** Plays one case and asserts its answers; returns them. */
    static List<WireClient.Answer> exchange(int port, HostileCase c) throws IOException {
        List<WireClient.Answer> answers = new ArrayList<>();
        StringBuilder actual = new StringBuilder();
        try (WireClient wire = new WireClient(port, READ_TIMEOUT_MILLIS)) {
            if (c.drip()) {
                wire.drip(c.bytes);
            } else {
                wire.send(c.bytes);
            }
            if (c.halfClose()) {
                wire.halfClose();
            }
            boolean closed = false;
            for (Set<String> expected : c.answers) {
                WireClient.Answer answer;
                try {
                    answer = wire.read(c.headOnly());
                } catch (WireClient.Hang e) {
                    outcomes.put(c.name, c.expectText() + "\t" + actual + " HANG");
                    throw new AssertionError(c.name + ": " + e.getMessage() + " after " + actual, e);
                }
                if (answer == null) {
                    actual.append(actual.length() == 0 ? "" : " ").append('-');
                    outcomes.put(c.name, c.expectText() + "\t" + actual);
                    assertThat(expected).as("%s: connection closed where an answer was expected (%s); answers so far %s",
                            c.name, c.notes, answers).contains("-");
                    closed = true;
                    break;
                }
                answers.add(answer);
                actual.append(actual.length() == 0 ? "" : " ").append(answer.status);
                outcomes.put(c.name, c.expectText() + "\t" + actual);
                assertThat(expected).as("%s (%s): answer %d was %s", c.name, c.notes, answers.size(), answer)
                        .contains(Integer.toString(answer.status));
                assertWellFormed(c, answer);
            }
            if (c.close && !closed) {
                boolean peerClosed;
                try {
                    peerClosed = wire.closedByPeer();
                } catch (IllegalStateException e) {
                    outcomes.put(c.name, c.expectText() + "\t" + actual + " +extra");
                    throw new AssertionError(c.name + " (" + c.notes + "): " + e.getMessage(), e);
                }
                outcomes.put(c.name, c.expectText() + "\t" + actual + (peerClosed ? " close" : " open"));
                assertThat(peerClosed).as("%s (%s): the gateway must close the connection after %s", c.name, c.notes, answers)
                        .isTrue();
            }
        }
        return answers;
    }

    /** No 5xx from bad input, and errors carry Sluice's JSON, never internals. */
    static void assertWellFormed(HostileCase c, WireClient.Answer answer) {
        assertThat(answer.status).as("%s: %s", c.name, answer).isNotEqualTo(500);
        SafeAnswers.assertNoInternals(c.name, answer.body);
        if (answer.status >= 400 && !c.headOnly()) {
            assertThat(answer.head.toLowerCase()).as("%s: %s", c.name, answer.head).contains("content-type: application/json");
            assertThat(answer.body).as("%s", c.name).contains("\"error_code\":\"").contains("\"message\":\"");
        }
    }

    private static void assertStillServing(String after) {
        HttpResponse<String> ok = gateway.post("/topics/hostile-ok", "text/plain", "after " + after);
        if (ok.statusCode() != 200) {
            fail("after " + after + " a normal request got " + ok.statusCode() + " " + ok.body());
        }
    }

    @AfterAll
    static void noAnswerLeaksInternals() {
        synchronized (bodies) {
            assertThat(bodies).as("answer bodies collected").isNotEmpty();
            for (String body : bodies) {
                SafeAnswers.assertNoInternals("corpus", body);
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
