package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.AckedLossChecker;
import io.sluice.testing.GatewayProcess;
import io.sluice.testing.KafkaBroker;
import io.sluice.testing.LoadDriver;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load, against the shutdown contract: stop accepting, answer every request already
 * sent (2xx once Kafka has it, 503 SHUTTING_DOWN otherwise), then exit with status 0. A connection
 * error is acceptable only for a request that started after the signal (the listener is closed, or
 * a keep-alive connection was closed as the gateway went away). The scenario runs once; each test
 * checks one part of the contract.
 */
class GatewayTermIT {

    private static final String TOPIC = "gt-load";

    private static AckedLossChecker.Report report;
    private static List<LoadDriver.Failure> failuresBeforeSignal;
    private static int exit;
    private static String logTail;

    @BeforeAll
    static void terminateUnderLoad() {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic(TOPIC, 3);
        AckedLossChecker checker = new AckedLossChecker();
        long terminated;
        LoadDriver load;
        try (GatewayProcess gateway = GatewayProcess.start(broker.bootstrapServers(), List.of("-Xmx256m"),
                "sluice.server.shutdown-timeout = 10 s", Faults.GATEWAY[0], Faults.GATEWAY[1])) {
            load = Faults.load(gateway.uri("/topics/" + TOPIC), checker, "gt");
            try {
                Faults.await("records acknowledged before SIGTERM", Duration.ofSeconds(30), () -> checker.ackedCount() >= 500);
                terminated = System.nanoTime();
                gateway.terminate();
                exit = gateway.awaitExit(Duration.ofSeconds(30));
                Faults.await("clients refused once the gateway is gone", Duration.ofSeconds(30),
                        () -> load.failures().stream().filter(f -> f.kind.equals("refused")).count() >= Faults.CLIENTS);
            } finally {
                load.stop();
            }
            logTail = gateway.logTail(20);
        }
        report = checker.check(broker.bootstrapServers(), TOPIC, Duration.ofSeconds(60));
        failuresBeforeSignal = load.failures().stream().filter(f -> f.startNanos - terminated < 0).collect(Collectors.toList());
        String errorKinds = load.failures().stream().collect(Collectors.groupingBy(f -> f.kind, Collectors.counting())).toString();
        Faults.record("gateway SIGTERM", report + " exit=" + exit + " client-errors=" + errorKinds
                + " errors-for-requests-sent-before-SIGTERM=" + failuresBeforeSignal.size());
    }

    @Test
    void acknowledgedRecordsAreInTheLog() {
        assertThat(report.lost).as("acknowledged but not in the log: %s", report).isEmpty();
    }

    @Test
    void everyRequestSentBeforeTheSignalIsAnswered() {
        assertThat(failuresBeforeSignal).as("requests sent before SIGTERM must all be answered; %s", report).isEmpty();
        assertThat(report.maxDuration).isLessThanOrEqualTo(Faults.REQUEST_TIMEOUT.plus(Faults.SLACK));
    }

    /** A drain that finishes within shutdown-timeout ends the process with status 0. */
    @Test
    void exitsWithStatusZero() {
        assertThat(exit).as("exit status after SIGTERM; gateway log:%n%s", logTail).isZero();
    }
}
