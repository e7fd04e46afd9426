package io.sluice.testing;

/**
 * Entry point of the broker JVM that {@link KafkaBroker} launches: formats the storage when asked
 * to, then hands over to {@code kafka.Kafka}.
 *
 * <p>Runs on the broker JVM's main thread; the parent watch runs on a JDK completion thread.
 * Formatting here rather than in a JVM of its own saves one JVM start per fresh broker.
 *
 * <p>Usage: {@code BrokerMain <server.properties> [<cluster id to format with>]}.
 */
public final class BrokerMain {

    /** Process id of the JVM that launched the broker; the broker exits when it is gone. */
    static final String PARENT_PID_PROPERTY = "sluice.broker.parent.pid";

    private BrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BrokerMain <server.properties> [<cluster id to format with>] (got "
                    + args.length + " arguments)");
            System.exit(2);
        }
        exitWithParent();
        if (args.length == 2) {
            int status = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", args[1], "--config", args[0]}, System.out);
            if (status != 0) {
                System.err.println("kafka-storage format exited with status " + status + " (expected: 0)");
                System.exit(status);
            }
        }
        kafka.Kafka.main(new String[] {args[0]});
    }

    /**
     * A test JVM killed by a timeout or a developer must not leave a broker behind holding ports
     * and memory, so the broker shuts down (cleanly, through Kafka's own hook) once its parent is gone.
     */
    private static void exitWithParent() {
        String parent = System.getProperty(PARENT_PID_PROPERTY);
        if (parent == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> System.exit(3)),
                () -> System.exit(3));
    }
}
