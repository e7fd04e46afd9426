package io.sluice.config;

/** A fixed request path mapped to a topic and a tier ({@code sluice.routes}). Immutable. */
public final class Route {

    private final String path;
    private final String topic;
    private final Tier tier;

    Route(String path, String topic, Tier tier) {
        this.path = path;
        this.topic = topic;
        this.tier = tier;
    }

    public String path() {
        return path;
    }

    public String topic() {
        return topic;
    }

    public Tier tier() {
        return tier;
    }
}
