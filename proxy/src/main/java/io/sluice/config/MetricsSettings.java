package io.sluice.config;

import java.time.Duration;

/** The meters' settings ({@code sluice.metrics}). Immutable and thus safe to share between threads. */
public final class MetricsSettings {

    private final int maxTopicTags;
    private final Duration quantileInterval;

    MetricsSettings(ConfigReader in) {
        maxTopicTags = in.integer("max-topic-tags", 0, 10_000);
        quantileInterval = in.duration("quantile-interval", Duration.ofMillis(100));
    }

    /** Distinct topics that get a {@code topic} tag value of their own; the rest count as "other". */
    public int maxTopicTags() {
        return maxTopicTags;
    }

    /** The window over which latency and event-loop-delay quantiles are computed. */
    public Duration quantileInterval() {
        return quantileInterval;
    }
}
