package io.sluice.admission;

import io.sluice.config.SluiceSettings;
import java.util.function.DoubleSupplier;

/**
 * Everything the ingest path needs to admit or refuse requests, wired once per gateway: the
 * shedding decision, the pause coordinator, the Retry-After policy, the drain meter and the
 * counters. Immutable holder of thread-safe parts.
 */
public final class Admission {

    private final LoadShedder shedder;
    private final BackpressureCoordinator coordinator;
    private final RetryAfterPolicy retryAfter;
    private final DrainRateMeter drainRate;
    private final AdmissionStats stats;

    /**
     * The parts wired from the settings. {@code occupancy} (the ring's) and {@code connectionShare}
     * (open connections ÷ {@code max-connections}) are read on each decision; {@code drainRate}
     * also sizes Retry-After.
     */
    public static Admission of(SluiceSettings settings, DoubleSupplier occupancy, DoubleSupplier connectionShare,
                               DrainRateMeter drainRate) {
        LoadShedder shedder = new LoadShedder(settings.ring(), settings.tiers().all(), occupancy, connectionShare);
        return new Admission(shedder,
                new BackpressureCoordinator(shedder, settings.shedding().maxPause().toNanos()),
                new RetryAfterPolicy(settings.shedding(), drainRate::bytesPerSecond),
                drainRate,
                new AdmissionStats(settings.tiers().all().size()));
    }

    public Admission(LoadShedder shedder, BackpressureCoordinator coordinator, RetryAfterPolicy retryAfter,
                     DrainRateMeter drainRate, AdmissionStats stats) {
        this.shedder = shedder;
        this.coordinator = coordinator;
        this.retryAfter = retryAfter;
        this.drainRate = drainRate;
        this.stats = stats;
    }

    public LoadShedder shedder() {
        return shedder;
    }

    public BackpressureCoordinator coordinator() {
        return coordinator;
    }

    public RetryAfterPolicy retryAfter() {
        return retryAfter;
    }

    public DrainRateMeter drainRate() {
        return drainRate;
    }

    public AdmissionStats stats() {
        return stats;
    }

    /** The current pressure state. */
    public PressureState state() {
        return shedder.state(shedder.occupancy(), coordinator.pausedConnections() > 0);
    }
}
