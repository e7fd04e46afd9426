package io.sluice.admission;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts admitted and shed requests per tier level and, for shed ones, per reason. Thread-safe
 * (striped adders); event loops increment, the metrics scrape and {@code /status} read.
 */
public final class AdmissionStats {

    /** Why a request was refused. */
    public enum ShedReason {
        /** Occupancy reached the tier's hard limit. */
        HARD_LIMIT,
        /** The ring had no slot or no bytes left for it. */
        RING_FULL,
        /** Kafka was unavailable (answered 503). */
        KAFKA_UNAVAILABLE,
        /** It came on a reserve connection, which serves the most important tier only (503). */
        CONNECTION_LIMIT;

        private static final ShedReason[] VALUES = values();
    }

    private final LongAdder[] admitted;
    private final LongAdder[][] shed;

    public AdmissionStats(int tierCount) {
        admitted = new LongAdder[tierCount];
        shed = new LongAdder[tierCount][ShedReason.VALUES.length];
        for (int level = 0; level < tierCount; level++) {
            admitted[level] = new LongAdder();
            for (int r = 0; r < ShedReason.VALUES.length; r++) {
                shed[level][r] = new LongAdder();
            }
        }
    }

    public void admitted(int level) {
        admitted[level].increment();
    }

    public void shed(int level, ShedReason reason) {
        shed[level][reason.ordinal()].increment();
    }

    public long admittedTotal(int level) {
        return admitted[level].sum();
    }

    public long shedTotal(int level, ShedReason reason) {
        return shed[level][reason.ordinal()].sum();
    }

    public int tierCount() {
        return admitted.length;
    }
}
