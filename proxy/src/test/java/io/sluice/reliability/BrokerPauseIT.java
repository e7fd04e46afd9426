package io.sluice.reliability;


import io.sluice.testing.KafkaBroker;
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
        BrokerOutage.run(broker, gateway, TOPIC, "broker SIGSTOP", "bp", broker::pause, broker::resume, OUTAGE);
    }
}
