package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.AckedLossChecker;
import io.sluice.testing.GatewayProcess;
import io.sluice.testing.KafkaBroker;
import io.sluice.testing.LoadDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway process itself is SIGKILLed under load: requests in flight die with their connection
 * (the client sees an I/O error and may retry), but nothing the gateway acknowledged may be missing
 * from the log: it answers 2xx only after Kafka's acknowledgement.
 */
class GatewayKillIT {

    private static final String TOPIC = "gk-load";

    @Test
    void killedGatewayLosesNoAcknowledgedRecord() {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic(TOPIC, 3);
        AckedLossChecker checker = new AckedLossChecker();
        try (GatewayProcess gateway = GatewayProcess.start(broker.bootstrapServers(), List.of("-Xmx256m"), Faults.GATEWAY)) {
            LoadDriver load = Faults.load(gateway.uri("/topics/" + TOPIC), checker, "gk");
            try {
                Faults.await("records acknowledged before the kill", Duration.ofSeconds(30), () -> checker.ackedCount() >= 500);
                gateway.kill();
                Faults.await("clients refused once the gateway is gone", Duration.ofSeconds(30),
                        () -> load.failures().stream().filter(f -> f.kind.equals("refused")).count() >= Faults.CLIENTS);
            } finally {
                load.stop();
            }
            AckedLossChecker.Report report = checker.check(broker.bootstrapServers(), TOPIC, Duration.ofSeconds(60));
            long inFlightLost = load.failures().stream().filter(f -> !f.kind.equals("refused")).count();
            Faults.record("gateway SIGKILL", report + " in-flight-connection-errors=" + inFlightLost);
            assertThat(report.lost).as("acknowledged but not in the log: %s", report).isEmpty();
            assertThat(report.maxDuration).as("no request hung: %s", report)
                    .isLessThanOrEqualTo(Faults.REQUEST_TIMEOUT.plus(Faults.SLACK));
        }
    }
}
