package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.AckedLossChecker;
import io.sluice.testing.KafkaBroker;
import io.sluice.testing.LoadDriver;
import io.sluice.testing.TestGateway;
import java.time.Duration;

/**
 * The broker-outage scenario shared by the kill and the freeze tests: load with unique ids, take
 * the broker away for {@code outage}, bring it back, and check that nothing acknowledged is lost,
 * that the outage was answered 503, that every request ended within request-timeout, and that
 * traffic is acknowledged again without intervention.
 */
final class BrokerOutage {

    private BrokerOutage() {
    }

    /**
     * @param label   the scenario's name in docs/reliability.md
     * @param prefix  id prefix of this scenario's records
     * @param begin   takes the broker away (SIGKILL, SIGSTOP)
     * @param end     brings it back (restart, SIGCONT)
     */
    static void run(KafkaBroker broker, TestGateway gateway, String topic, String label, String prefix,
                    Runnable begin, Runnable end, Duration outage) {
        AckedLossChecker checker = new AckedLossChecker();
        LoadDriver load = Faults.load(gateway.uri("/topics/" + topic), checker, prefix);
        try {
            Faults.await("records acknowledged before the fault", Duration.ofSeconds(30), () -> checker.ackedCount() >= 300);
            long faulted = System.nanoTime();
            begin.run();
            Faults.holdFault(outage, checker);
            long outage503 = checker.count(503);
            end.run();
            long back = System.nanoTime();
            int ackedWhenBack = checker.ackedCount();
            Faults.await("traffic acknowledged again after the broker came back", Duration.ofSeconds(60),
                    () -> checker.ackedCount() >= ackedWhenBack + 300);
            long recoveredMillis = (System.nanoTime() - back) / 1_000_000;
            load.stop();
            AckedLossChecker.Report report = checker.check(broker.bootstrapServers(), topic, Duration.ofSeconds(60));
            Faults.record(label, report + " outage-s=" + (back - faulted) / 1_000_000_000
                    + " 503-during-outage=" + outage503 + " recovered-after-return-ms=" + recoveredMillis
                    + " client-errors=" + load.failures().size());
            assertThat(report.lost).as("acknowledged but not in the log: %s", report).isEmpty();
            assertThat(outage503).as("the outage was answered 503").isPositive();
            assertThat(load.failures()).as("the in-process gateway stays up: every attempt gets an answer").isEmpty();
            // Never 404: a topic whose metadata did not come in time is a retriable 503, because
            // right after a broker returns, fresh metadata can still lack a topic that exists.
            Faults.assertBoundedAnswers(report);
        } finally {
            load.stop();
        }
    }
}
