package io.sluice.config;

import java.time.Duration;

/** How load is shed once pausing reads is not enough ({@code sluice.shedding}). Immutable. */
public final class SheddingSettings {

    private final Duration maxPause;
    private final Duration retryAfterMin;
    private final Duration retryAfterMax;

    SheddingSettings(ConfigReader in) {
        maxPause = in.duration("max-pause", Duration.ofMillis(1));
        retryAfterMin = in.duration("retry-after.min", Duration.ofSeconds(1));
        retryAfterMax = in.duration("retry-after.max", Duration.ofSeconds(1));
        if (retryAfterMax.compareTo(retryAfterMin) < 0) {
            throw in.bad("retry-after.max", retryAfterMax, "at least retry-after.min " + retryAfterMin);
        }
    }

    public Duration maxPause() {
        return maxPause;
    }

    public Duration retryAfterMin() {
        return retryAfterMin;
    }

    public Duration retryAfterMax() {
        return retryAfterMax;
    }
}
