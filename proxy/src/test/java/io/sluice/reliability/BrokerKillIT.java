package io.sluice.reliability;


import io.sluice.testing.KafkaBroker;
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
        BrokerOutage.run(broker, gateway, TOPIC, "broker SIGKILL", "bk", broker::kill, broker::restart, OUTAGE);
    }
}
