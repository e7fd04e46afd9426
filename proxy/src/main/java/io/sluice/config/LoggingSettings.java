package io.sluice.config;

/** How the process logs ({@code sluice.logging}). Immutable and thus safe to share between threads. */
public final class LoggingSettings {

    /** The layout of log lines on standard output. */
    public enum Format { TEXT, JSON }

    private final Format format;

    LoggingSettings(ConfigReader in) {
        format = in.choice("format", Format.class);
    }

    public Format format() {
        return format;
    }
}
