package io.sluice.loadtest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The knobs of every simulation, read from system properties ({@code -Dname=value} on the Maven
 * command line). Stateless; safe from any thread.
 *
 * <p>Common ones: {@code sluice.url} (default {@code http://127.0.0.1:8080}), {@code capacity} (the
 * records per second the gateway sustains, default 1000), {@code duration} (seconds of the main
 * phase), {@code record.bytes} (default 256), {@code format} ({@code raw} or {@code json}) and
 * {@code batch} (records per REST Proxy v2 request, with {@code format=json}).
 */
final class LoadConfig {

    private LoadConfig() {
    }

    static String url() {
        String url = System.getProperty("sluice.url", "http://127.0.0.1:8080");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Requests per second the gateway is expected to sustain (C). */
    static double capacity() {
        return positive("capacity", 1000);
    }

    static double positive(String key, double defaultValue) {
        String text = System.getProperty(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + key + "=" + text + " (expected: a number)", e);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("-D" + key + "=" + text + " (expected: > 0)");
        }
        return value;
    }

    static int positiveInt(String key, int defaultValue) {
        double value = positive(key, defaultValue);
        if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("-D" + key + "=" + value + " (expected: a whole number)");
        }
        return (int) value;
    }

    /** Whole seconds; {@code 0} is allowed and means the phase is left out. */
    static int seconds(String key, int defaultValue) {
        String text = System.getProperty(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + key + "=" + text + " (expected: whole seconds >= 0)");
    }

    static Duration duration(int seconds) {
        return Duration.ofSeconds(seconds);
    }

    static String string(String key, String defaultValue) {
        String text = System.getProperty(key);
        return text == null || text.isBlank() ? defaultValue : text.trim();
    }

    /** Where the simulations write their CSV files; default {@code target/loadtest}. */
    static Path outputDir() {
        return Path.of(string("loadtest.out", "target/loadtest")).toAbsolutePath();
    }
}
