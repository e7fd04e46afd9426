package io.sluice.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.config.SluiceSettings;
import io.sluice.testing.TestGateway;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackpressureCoordinatorTest {

    private final SluiceSettings settings = TestGateway.settings("127.0.0.1:1");
    private double occupancy;
    private double connectionShare;
    private final LoadShedder shedder = new LoadShedder(settings.ring(), settings.tiers().all(), () -> occupancy,
            () -> connectionShare);

    private static final class Connection implements Pausable {
        final ReadGate gate;
        int resumed;
        boolean lastShedMode;

        Connection(EmbeddedChannel channel) {
            gate = new ReadGate(channel);
        }

        @Override
        public ReadGate gate() {
            return gate;
        }

        @Override
        public void resumeFromBackpressure(boolean shedMode) {
            resumed++;
            lastShedMode = shedMode;
            gate.resume(ReadGate.BACKPRESSURE);
        }
    }

    @Test
    void resumesEveryPausedConnectionBelowTheLowWatermarkOnly() {
        BackpressureCoordinator coordinator = new BackpressureCoordinator(shedder, TimeUnit.SECONDS.toNanos(60));
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection a = new Connection(channel);
        Connection b = new Connection(channel);
        occupancy = 0.9;
        coordinator.pause(a, channel.eventLoop(), System.nanoTime());
        coordinator.pause(b, channel.eventLoop(), System.nanoTime());
        coordinator.pause(b, channel.eventLoop(), System.nanoTime());
        assertThat(coordinator.pausedConnections()).isEqualTo(2);
        assertThat(coordinator.pausesTotal()).isEqualTo(2);
        assertThat(channel.config().isAutoRead()).isFalse();

        occupancy = 0.5; // between the watermarks: hysteresis keeps them paused
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(a.resumed + b.resumed).isZero();

        occupancy = 0.2;
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(a.resumed).isEqualTo(1);
        assertThat(b.resumed).isEqualTo(1);
        assertThat(a.lastShedMode).isFalse();
        assertThat(coordinator.pausedConnections()).isZero();
        assertThat(coordinator.resumesTotal()).isEqualTo(2);
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void resumesInShedModeAfterMaxPause() {
        BackpressureCoordinator coordinator = new BackpressureCoordinator(shedder, TimeUnit.MILLISECONDS.toNanos(1));
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection a = new Connection(channel);
        occupancy = 0.9;
        // Paused "long ago" by the gate's clock, so the first check finds it overdue.
        coordinator.pause(a, channel.eventLoop(), System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(a.resumed).isEqualTo(1);
        assertThat(a.lastShedMode).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void forgetsClosedConnections() {
        BackpressureCoordinator coordinator = new BackpressureCoordinator(shedder, TimeUnit.SECONDS.toNanos(60));
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection a = new Connection(channel);
        occupancy = 0.9;
        coordinator.pause(a, channel.eventLoop(), System.nanoTime());
        coordinator.forget(a);
        assertThat(coordinator.pausedConnections()).isZero();
        occupancy = 0.0;
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(a.resumed).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void resumesInShedModeWhenConnectionsRunShort() {
        BackpressureCoordinator coordinator = new BackpressureCoordinator(shedder, TimeUnit.SECONDS.toNanos(60));
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection a = new Connection(channel);
        occupancy = 0.9;
        connectionShare = 0.5;
        coordinator.pause(a, channel.eventLoop(), System.nanoTime());
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(a.resumed).as("still congested, connections to spare").isZero();

        // Paused connections hold their slots; with the limit nearly reached they answer instead.
        connectionShare = 0.8;
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(a.resumed).isEqualTo(1);
        assertThat(a.lastShedMode).isTrue();
        assertThat(coordinator.pausedConnections()).isZero();
        channel.finishAndReleaseAll();
    }
}
