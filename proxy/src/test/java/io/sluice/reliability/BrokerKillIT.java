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
 * The broker is SIGKILLed under load and restarted on the same data directory: no acknowledged
 * record may be missing from the log, and during the outage every request ends (2xx, 503, 429)
 * within request-timeout instead of hanging.
 */
class BrokerKillIT {

    private static final String TOPIC = "bk-load";
    /** How long the broker stays dead. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("sluice.reliability.outage-seconds", 10));

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
    void killedBrokerLosesNoAcknowledgedRecordAndNoRequestHangs() {
        AckedLossChecker checker = new AckedLossChecker();
        LoadDriver load = Faults.load(gateway.uri("/topics/" + TOPIC), checker, "bk");
        try {
            Faults.await("records acknowledged before the kill", Duration.ofSeconds(30), () -> checker.ackedCount() >= 300);
            long killed = System.nanoTime();
            broker.kill();
            Faults.holdFault(OUTAGE, checker);
            long outage503 = checker.count(503);
            broker.restart();
            long restarted = System.nanoTime();
            int ackedAtRestart = checker.ackedCount();
            Faults.await("traffic acknowledged again after the restart", Duration.ofSeconds(60),
                    () -> checker.ackedCount() >= ackedAtRestart + 300);
            long recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
            load.stop();
            AckedLossChecker.Report report = checker.check(broker.bootstrapServers(), TOPIC, Duration.ofSeconds(60));
            Faults.record("broker SIGKILL", report + " outage-s=" + (restarted - killed) / 1_000_000_000
                    + " 503-during-outage=" + outage503 + " recovered-after-restart-ms=" + recoveredMillis
                    + " client-errors=" + load.failures().size());
            assertThat(report.lost).as("acknowledged but not in the log: %s", report).isEmpty();
            assertThat(outage503).as("the outage was answered 503").isPositive();
            assertThat(load.failures()).as("the in-process gateway stays up: every attempt gets an answer").isEmpty();
            Faults.assertBoundedAnswers(report);
        } finally {
            load.stop();
        }
    }
}
