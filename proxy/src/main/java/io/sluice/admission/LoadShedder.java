package io.sluice.admission;

import io.sluice.config.RingSettings;
import io.sluice.config.Tier;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Decides, per request, whether to admit it, admit it and pause its connection, or shed it, from
 * the ring's occupancy and the request's tier:
 * <ul>
 *   <li>occupancy at or above the tier's hard limit: shed (429), nothing is published;</li>
 *   <li>otherwise, at or above the high watermark: admit, then pause the connection's reads;</li>
 *   <li>otherwise admit.</li>
 * </ul>
 * A connection in shed mode (paused for longer than {@code max-pause}) is judged by the hard limits
 * alone and never paused again until the pressure is gone.
 *
 * <p>Pausing also stops while the connection limit is nearly used up (the share of
 * {@code max-connections} open reaches the high watermark). A paused connection holds its slot, and
 * clients that do not wait but open more connections (an open-loop load, a retrying fleet) would
 * otherwise fill the limit with paused connections and lock everyone out; those clients learn of
 * the congestion from 429 answers instead.
 *
 * <p>Thread-safe and allocation-free: it holds only immutable settings and reads the occupancy
 * through the supplier on each call.
 */
public final class LoadShedder {

    /** Publish the request. */
    public static final int ADMIT = 0;
    /** Publish the request, then stop reading from its connection. */
    public static final int ADMIT_THEN_PAUSE = 1;
    /** Answer 429 without publishing. */
    public static final int SHED = 2;

    private final DoubleSupplier occupancy;
    private final DoubleSupplier connectionShare;
    private final double highWatermark;
    private final double lowWatermark;
    private final Tier[] tiersByLevel;

    /**
     * @param connectionShare open connections as a share of {@code max-connections} (the reserve
     *                        not counted)
     */
    public LoadShedder(RingSettings ring, List<Tier> tiers, DoubleSupplier occupancy, DoubleSupplier connectionShare) {
        this.occupancy = occupancy;
        this.connectionShare = connectionShare;
        this.highWatermark = ring.highWatermark();
        this.lowWatermark = ring.lowWatermark();
        this.tiersByLevel = tiers.toArray(new Tier[0]);
    }

    /** One of {@link #ADMIT}, {@link #ADMIT_THEN_PAUSE}, {@link #SHED}. */
    public int decide(Tier tier, boolean shedMode) {
        double current = occupancy.getAsDouble();
        if (current >= tier.hardLimit()) {
            return SHED;
        }
        return current >= highWatermark && !shedMode && pausingAllowed() ? ADMIT_THEN_PAUSE : ADMIT;
    }

    /** Whether connections may be paused: false while the connection limit is nearly used up. */
    public boolean pausingAllowed() {
        return connectionShare.getAsDouble() < highWatermark;
    }

    /** Whether the occupancy is low enough for paused connections to read again. */
    public boolean belowLowWatermark() {
        return occupancy.getAsDouble() < lowWatermark;
    }

    public double occupancy() {
        return occupancy.getAsDouble();
    }

    public double highWatermark() {
        return highWatermark;
    }

    /**
     * The level of the most important tier being shed at {@code occupancy}, or -1 if none is.
     * Tiers are ordered most important first, so the first one whose limit is reached wins.
     */
    public int activeSheddingLevel(double occupancy) {
        for (Tier tier : tiersByLevel) {
            if (occupancy >= tier.hardLimit()) {
                return tier.level();
            }
        }
        return -1;
    }

    public Tier tierAtLevel(int level) {
        return tiersByLevel[level];
    }

    public int tierCount() {
        return tiersByLevel.length;
    }

    /** The state for {@code occupancy} and whether any connection is paused. */
    public PressureState state(double occupancy, boolean anyPaused) {
        if (activeSheddingLevel(occupancy) >= 0) {
            return PressureState.RED;
        }
        return anyPaused || occupancy >= highWatermark ? PressureState.YELLOW : PressureState.GREEN;
    }
}
