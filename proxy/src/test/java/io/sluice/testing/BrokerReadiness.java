package io.sluice.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;

/**
 * Waits for a starting broker JVM to answer describeCluster, failing with the tail of its log if
 * it dies or takes too long.
 *
 * <p>Stateless; blocks the calling thread. Bounded by the timeout, with no sleeps: short waits on
 * the outstanding admin call or a bounded park while the port is still closed.
 */
final class BrokerReadiness {

    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int CALL_TIMEOUT_MS = 5_000;
    private static final long CHECK_MILLIS = 100;
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_LINES = 60;

    private BrokerReadiness() {
    }

    /**
     * The admin client is only created once the port accepts connections: pointed at a closed port
     * it piles up metadata retries that make even its close slow. Then one call stays outstanding,
     * so its connection is served the moment the broker is ready, while the process is checked
     * between short waits, so a broker that dies is reported at once.
     */
    static void await(BrokerProcess starting, int port, Duration timeout, Path logFile) {
        String address = "127.0.0.1:" + port;
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = TimeUnit.MILLISECONDS.toNanos(10);
        Admin admin = null;
        try {
            KafkaFuture<Collection<Node>> call = null;
            while (true) {
                if (!starting.isAlive()) {
                    throw new IllegalStateException("Kafka broker pid " + starting.pid() + " exited with status "
                            + starting.exitValue() + " before it was ready (expected: answering on " + address
                            + "); last lines of " + logFile + ":\n" + LogTail.of(logFile, LOG_LINES));
                }
                if (System.nanoTime() - deadline > 0) {
                    starting.kill(KILL_TIMEOUT);
                    throw new IllegalStateException("Kafka broker pid " + starting.pid() + " did not answer on "
                            + address + " within " + timeout.toSeconds() + " s; killed it. Last lines of "
                            + logFile + ":\n" + LogTail.of(logFile, LOG_LINES));
                }
                if (admin == null) {
                    if (!FreePorts.accepts(port)) {
                        LockSupport.parkNanos(backoff);
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
                        continue;
                    }
                    admin = BrokerClients.admin(address);
                }
                if (call == null) {
                    call = admin.describeCluster(new DescribeClusterOptions().timeoutMs(CALL_TIMEOUT_MS)).nodes();
                }
                try {
                    if (!call.get(CHECK_MILLIS, TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                    call = null;
                } catch (TimeoutException stillStarting) {
                    // keep the call outstanding and look at the process again
                } catch (ExecutionException notYet) {
                    call = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker on " + address, e);
                }
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
            }
        }
    }
}
