package io.sluice.server;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handling for a graceful stop: the first signal starts the drain, a second one
 * cuts it short. Signal handlers rather than a shutdown hook, so that the drain runs while the JVM
 * is fully alive and the exit code can say whether it finished in time.
 *
 * <p>Handlers run on the JVM's signal thread; the main thread waits on the latch.
 */
final class ShutdownSignals {

    private final CountDownLatch first = new CountDownLatch(1);
    private final Runnable onSecond;
    private volatile boolean secondArrived;

    private ShutdownSignals(Runnable onSecond) {
        this.onSecond = onSecond;
    }

    /** Installs the handlers; {@code onSecond} runs on the signal thread if a second signal comes. */
    static ShutdownSignals install(Runnable onSecond) {
        ShutdownSignals signals = new ShutdownSignals(onSecond);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> signals.received());
        }
        return signals;
    }

    private void received() {
        if (first.getCount() > 0) {
            first.countDown();
        } else if (!secondArrived) {
            secondArrived = true;
            onSecond.run();
        }
    }

    void awaitFirst() {
        boolean interrupted = false;
        while (first.getCount() > 0) {
            try {
                first.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean secondArrived() {
        return secondArrived;
    }
}
