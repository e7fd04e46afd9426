package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.AckedLossChecker;
import io.sluice.testing.KafkaBroker;
import io.sluice.testing.LoadDriver;
import io.sluice.testing.TestGateway;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker is frozen with SIGSTOP under load (its sockets stay open and silent, the worst case
 * for time-outs) and thawed with SIGCONT: no acknowledged record may be missing, every request ends
 * within request-timeout during the freeze, and traffic is acknowledged again afterwards without any
 * intervention (the gateway probes Kafka while it counts as unavailable).
 *
 * <p>The freeze lasts {@code -Dsluice.reliability.pause-seconds} (default 20, at least 10).
 */
class BrokerPauseIT {

    private static final String TOPIC = "bp-load";
    /** How long the broker stays frozen. */
    private static final Duration OUTAGE = Duration.ofSeconds(Math.max(10, Long.getLong("sluice.reliability.pause-seconds", 20)));

    private static KafkaBroker broker;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.builder().start();
        broker.createTopic(TOPIC, 3);
        gateway = TestGateway.start(broker.bootstrapServers(), Faults.GATEWAY);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void frozenBrokerLosesNoAcknowledgedRecordAndTrafficRecoversByItself() {
        AckedLossChecker checker = new AckedLossChecker();
        LoadDriver load = Faults.load(gateway.uri("/topics/" + TOPIC), checker, "bp");
        try {
            Faults.await("records acknowledged before the freeze", Duration.ofSeconds(30), () -> checker.ackedCount() >= 300);
            long killed = System.nanoTime();
            broker.pause();
            Faults.holdFault(OUTAGE, checker);
            long outage503 = checker.count(503);
            broker.resume();
            long restarted = System.nanoTime();
            int ackedAtRestart = checker.ackedCount();
            Faults.await("traffic acknowledged again after SIGCONT", Duration.ofSeconds(60),
                    () -> checker.ackedCount() >= ackedAtRestart + 300);
            long recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
            load.stop();
            AckedLossChecker.Report report = checker.check(broker.bootstrapServers(), TOPIC, Duration.ofSeconds(60));
            Faults.record("broker SIGSTOP", report + " outage-s=" + (restarted - killed) / 1_000_000_000
                    + " 503-during-outage=" + outage503 + " recovered-after-resume-ms=" + recoveredMillis
                    + " client-errors=" + load.failures().size());
            assertThat(report.lost).as("acknowledged but not in the log: %s", report).isEmpty();
            assertThat(outage503).as("the outage was answered 503").isPositive();
            assertThat(load.failures()).as("the in-process gateway stays up: every attempt gets an answer").isEmpty();
            // Never 404: a topic whose metadata did not come in time is a retriable 503, because
            // right after SIGCONT fresh metadata can still lack a topic that exists.
            assertThat(report.maxDuration).as("longest request: %s", report)
                    .isLessThanOrEqualTo(Faults.REQUEST_TIMEOUT.plus(Faults.SLACK));
            assertThat(java.util.Set.of("200", "503", "429")).as("outcomes: %s", report)
                    .containsAll(report.outcomes.keySet());
        } finally {
            load.stop();
        }
    }
}
