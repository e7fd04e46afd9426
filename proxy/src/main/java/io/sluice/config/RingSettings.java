package io.sluice.config;

/** The ring's bounds and watermarks ({@code sluice.ring}). Immutable. */
public final class RingSettings {

    /** How the ring's consumer thread waits for new events. */
    public enum WaitStrategy { BLOCKING, SLEEPING, YIELDING }

    private final int slots;
    private final long maxBytes;
    private final double highWatermark;
    private final double lowWatermark;
    private final WaitStrategy waitStrategy;

    RingSettings(ConfigReader in) {
        slots = in.integer("slots", 2, 1 << 24);
        if (Integer.bitCount(slots) != 1) {
            throw in.bad("slots", slots, "a power of 2");
        }
        maxBytes = in.bytes("max-bytes", 1024, Long.MAX_VALUE / 4);
        highWatermark = in.ratio("high-watermark");
        lowWatermark = in.ratio("low-watermark");
        if (lowWatermark >= highWatermark) {
            throw in.bad("low-watermark", lowWatermark, "below high-watermark " + highWatermark);
        }
        waitStrategy = in.choice("wait-strategy", WaitStrategy.class);
    }

    public int slots() {
        return slots;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public double highWatermark() {
        return highWatermark;
    }

    public double lowWatermark() {
        return lowWatermark;
    }

    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }
}
