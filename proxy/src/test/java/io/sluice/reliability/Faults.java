package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.AckedLossChecker;
import io.sluice.testing.LoadDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** What the fault scenarios share: a gateway that fails fast, the time bounds, the report file. Stateless. */
final class Faults {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    /** Allowed on top of request-timeout for the client's own overhead on a loaded two-core machine. */
    static final Duration SLACK = Duration.ofSeconds(2);

    /**
     * Short producer time-outs so failures surface fast; max.block.ms + delivery.timeout.ms (6 s)
     * stays below request-timeout (8 s), which start-up checks.
     */
    static final String[] GATEWAY = {
        "sluice.server.request-timeout = 8 s",
        "sluice.kafka.producer { \"max.block.ms\" = \"1000\", \"request.timeout.ms\" = \"2000\","
                + " \"delivery.timeout.ms\" = \"5000\", \"linger.ms\" = \"5\" }"
    };

    /** Client threads of the load: bounded, and few enough for two cores shared with a broker. */
    static final int CLIENTS = 8;

    private Faults() {
    }

    static LoadDriver load(java.net.URI uri, AckedLossChecker checker, String prefix) {
        return LoadDriver.builder(uri, checker).idPrefix(prefix).threads(CLIENTS).maxAttempts(3)
                .pacing(Duration.ofMillis(2)).maxRunTime(Duration.ofSeconds(150)).start();
    }

    /** Waits for a condition that the scenario needs to go on, failing after {@code atMost}. */
    static void await(String what, Duration atMost, BooleanSupplier condition) {
        Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    /** Holds a fault for {@code duration} while checking that the gateway answers during it. */
    static void holdFault(Duration duration, AckedLossChecker checker) {
        long start = System.nanoTime();
        long answeredBefore = answered(checker);
        await("fault held " + duration.toSeconds() + " s with answers flowing", duration.plusSeconds(30),
                () -> System.nanoTime() - start >= duration.toNanos() && answered(checker) > answeredBefore);
    }

    private static long answered(AckedLossChecker checker) {
        return checker.count(200) + checker.count(503) + checker.count(429);
    }

    /** Every attempt ended within request-timeout + slack, with 2xx, 503 or 429. */
    static void assertBoundedAnswers(AckedLossChecker.Report report) {
        assertThat(report.maxDuration).as("longest request: %s", report)
                .isLessThanOrEqualTo(REQUEST_TIMEOUT.plus(SLACK));
        assertThat(Set.of("200", "503", "429")).as("outcomes: %s", report).containsAll(report.outcomes.keySet());
    }

    /** Creates a one-partition topic unless an earlier test class already did. */
    static void createTopicIfAbsent(io.sluice.testing.KafkaBroker broker, String topic) {
        try {
            broker.createTopic(topic, 1);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Appends one scenario's numbers to target/reliability-results.txt (for docs/reliability.md). */
    static void record(String scenario, Object result) {
        String line = scenario + ": " + result + System.lineSeparator();
        System.out.print(line);
        try {
            Path file = Path.of("target", "reliability-results.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
