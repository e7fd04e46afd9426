package io.sluice.server;

import io.sluice.admission.Admission;
import io.sluice.admission.AdmissionStats;
import io.sluice.admission.LoadShedder;
import io.sluice.http.ConnectionLimiter;
import io.sluice.kafka.KafkaHealth;
import io.sluice.metrics.GatewayReadings;
import io.sluice.ring.IngestRing;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters' view of a running gateway: each reading delegates to the component that already
 * keeps the value. Immutable holder of thread-safe components; every method is safe from any thread.
 */
final class LiveReadings implements GatewayReadings {

    private static final AdmissionStats.ShedReason[] REASONS = AdmissionStats.ShedReason.values();

    private final IngestRing ring;
    private final Admission admission;
    private final ConnectionLimiter connections;
    private final KafkaHealth kafkaHealth;

    LiveReadings(IngestRing ring, Admission admission, ConnectionLimiter connections, KafkaHealth kafkaHealth) {
        this.ring = ring;
        this.admission = admission;
        this.connections = connections;
        this.kafkaHealth = kafkaHealth;
    }

    @Override
    public double ringOccupancy() {
        return ring.occupancy();
    }

    @Override
    public long ringSlotsUsed() {
        return ring.slotsUsed();
    }

    @Override
    public long ringBytesUsed() {
        return ring.budget().usedBytes();
    }

    @Override
    public int channelsPaused() {
        return admission.coordinator().pausedConnections();
    }

    @Override
    public long readPausesTotal() {
        return admission.coordinator().pausesTotal();
    }

    @Override
    public long readResumesTotal() {
        return admission.coordinator().resumesTotal();
    }

    @Override
    public int pressureState() {
        return admission.state().gaugeValue();
    }

    @Override
    public int activeSheddingLevel() {
        LoadShedder shedder = admission.shedder();
        return shedder.activeSheddingLevel(shedder.occupancy());
    }

    @Override
    public List<String> shedReasons() {
        List<String> names = new ArrayList<>(REASONS.length);
        for (AdmissionStats.ShedReason reason : REASONS) {
            names.add(reason.name());
        }
        return List.copyOf(names);
    }

    @Override
    public long shedTotal(int level, int reason) {
        return admission.stats().shedTotal(level, REASONS[reason]);
    }

    @Override
    public int connectionsActive() {
        return connections.activeConnections();
    }

    @Override
    public long connectionsRejectedTotal() {
        return connections.rejectedConnections();
    }

    @Override
    public boolean kafkaAvailable() {
        return kafkaHealth.isAvailable();
    }

    @Override
    public double drainRateBytesPerSecond() {
        return admission.drainRate().bytesPerSecond();
    }
}
