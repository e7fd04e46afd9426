package io.sluice.admission;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pauses connections when the ring is congested and resumes them when it has drained, with
 * hysteresis: a connection that delivers a request at or above the high watermark stops reading;
 * every paused connection reads again once occupancy falls below the low watermark. A connection
 * paused for longer than {@code max-pause}, or paused while the connection limit is nearly used up
 * ({@link LoadShedder#pausingAllowed()}), is resumed in shed mode.
 *
 * <p>Each event loop keeps its own list of paused connections and, only while that list is not
 * empty, checks the occupancy every {@link #CHECK_INTERVAL_NANOS}. No other thread touches a
 * channel: the Kafka threads that drain the ring need not signal anything, and a loop with nothing
 * paused does no work. {@link #pause} and {@link #forget} must be called on the connection's
 * event loop; the counters may be read from any thread.
 */
public final class BackpressureCoordinator {

    /** How often a loop with paused connections looks at the occupancy: bounds recovery latency. */
    static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final LoadShedder shedder;
    private final long maxPauseNanos;
    private final AtomicInteger pausedConnections = new AtomicInteger();
    private final AtomicInteger shedModeConnections = new AtomicInteger();
    private final LongAdder pauses = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final FastThreadLocal<LoopRegistry> registries = new FastThreadLocal<>() {
        @Override
        protected LoopRegistry initialValue() {
            return new LoopRegistry();
        }
    };

    public BackpressureCoordinator(LoadShedder shedder, long maxPauseNanos) {
        this.shedder = shedder;
        this.maxPauseNanos = maxPauseNanos;
    }

    /** Stops reading from {@code connection} for backpressure, unless it already is. */
    public void pause(Pausable connection, EventLoop loop, long nowNanos) {
        assert loop.inEventLoop() : Thread.currentThread().getName();
        ReadGate gate = connection.gate();
        if (gate.isPausedFor(ReadGate.BACKPRESSURE)) {
            return;
        }
        gate.pause(ReadGate.BACKPRESSURE, nowNanos);
        registries.get().add(connection, loop);
        pausedConnections.incrementAndGet();
        pauses.increment();
    }

    /** Drops a closed connection from its loop's list. */
    public void forget(Pausable connection) {
        if (registries.get().remove(connection)) {
            pausedConnections.decrementAndGet();
        }
    }

    /** Counts a connection entering ({@code +1}) or leaving ({@code -1}) shed mode. */
    public void shedModeChanged(int delta) {
        shedModeConnections.addAndGet(delta);
    }

    public int pausedConnections() {
        return pausedConnections.get();
    }

    public int shedModeConnections() {
        return shedModeConnections.get();
    }

    public long pausesTotal() {
        return pauses.sum();
    }

    public long resumesTotal() {
        return resumes.sum();
    }

    /** One event loop's paused connections. Confined to that loop. */
    private final class LoopRegistry {
        private final ArrayList<Pausable> paused = new ArrayList<>();
        private ScheduledFuture<?> ticker;

        void add(Pausable connection, EventLoop loop) {
            paused.add(connection);
            if (ticker == null) {
                ticker = loop.scheduleAtFixedRate(this::tick, CHECK_INTERVAL_NANOS, CHECK_INTERVAL_NANOS,
                        TimeUnit.NANOSECONDS);
            }
        }

        boolean remove(Pausable connection) {
            int index = paused.indexOf(connection);
            if (index < 0) {
                return false;
            }
            removeAt(index);
            return true;
        }

        private void removeAt(int index) {
            int last = paused.size() - 1;
            paused.set(index, paused.get(last));
            paused.remove(last);
            if (paused.isEmpty() && ticker != null) {
                ticker.cancel(false);
                ticker = null;
            }
        }

        private void tick() {
            boolean drained = shedder.belowLowWatermark();
            boolean connectionsScarce = !shedder.pausingAllowed();
            long now = System.nanoTime();
            for (int i = paused.size() - 1; i >= 0; i--) {
                Pausable connection = paused.get(i);
                boolean overdue = connectionsScarce || now - connection.gate().pausedSinceNanos() >= maxPauseNanos;
                if (drained || overdue) {
                    removeAt(i);
                    pausedConnections.decrementAndGet();
                    resumes.increment();
                    connection.resumeFromBackpressure(!drained);
                }
            }
        }
    }
}
