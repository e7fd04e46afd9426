package io.sluice.config;

/** The operations port's settings ({@code sluice.admin}). Immutable. */
public final class AdminSettings {

    private final String host;
    private final int port;

    AdminSettings(ConfigReader in) {
        host = in.string("host");
        port = in.integer("port", 0, 65535);
    }

    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one (tests). */
    public int port() {
        return port;
    }
}
