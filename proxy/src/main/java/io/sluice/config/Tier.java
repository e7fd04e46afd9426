package io.sluice.config;

/**
 * A priority tier: its name, its hard limit (the ring occupancy at which its requests are shed)
 * and its level, 0 for the most important tier. Immutable.
 */
public final class Tier {

    private final String name;
    private final double hardLimit;
    private final int level;

    Tier(String name, double hardLimit, int level) {
        this.name = name;
        this.hardLimit = hardLimit;
        this.level = level;
    }

    public String name() {
        return name;
    }

    public double hardLimit() {
        return hardLimit;
    }

    /** 0 for the most important tier (highest hard limit), then 1, 2, … */
    public int level() {
        return level;
    }

    @Override
    public String toString() {
        return name + "(level " + level + ", hard-limit " + hardLimit + ')';
    }
}
