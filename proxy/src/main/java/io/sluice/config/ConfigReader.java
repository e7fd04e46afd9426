package io.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.time.Duration;

/**
 * Typed reads of one settings block that turn every failure into a {@link SettingsException}
 * naming the full key, the place it was set and what was expected.
 *
 * <p>Used only while settings are built, once at start-up.
 */
final class ConfigReader {

    private final Config config;
    private final String prefix;

    ConfigReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    Config config() {
        return config;
    }

    String path(String key) {
        return prefix.isEmpty() ? key : prefix + '.' + key;
    }

    String string(String key) {
        try {
            return config.getString(key);
        } catch (ConfigException e) {
            throw wrap(key, "a string", e);
        }
    }

    int integer(String key, int min, int max) {
        final int value;
        try {
            value = config.getInt(key);
        } catch (ConfigException e) {
            throw wrap(key, "an integer", e);
        }
        if (value < min || value > max) {
            throw bad(key, value, "an integer in [" + min + ", " + max + ']');
        }
        return value;
    }

    long bytes(String key, long min, long max) {
        final long value;
        try {
            value = config.getBytes(key);
        } catch (ConfigException e) {
            throw wrap(key, "a size such as 512 KiB or 64 MiB", e);
        }
        if (value < min || value > max) {
            throw bad(key, value, "a size in [" + min + ", " + max + "] bytes");
        }
        return value;
    }

    double ratio(String key) {
        final double value;
        try {
            value = config.getDouble(key);
        } catch (ConfigException e) {
            throw wrap(key, "a number in (0, 1]", e);
        }
        if (!(value > 0.0 && value <= 1.0)) {
            throw bad(key, value, "a number in (0, 1]");
        }
        return value;
    }

    Duration duration(String key, Duration min) {
        final Duration value;
        try {
            value = config.getDuration(key);
        } catch (ConfigException e) {
            throw wrap(key, "a duration such as 500 ms or 10 s", e);
        }
        if (value.compareTo(min) < 0) {
            throw bad(key, value, "a duration of at least " + min);
        }
        return value;
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String raw = string(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.replace('-', '_'))) {
                return constant;
            }
        }
        StringBuilder expected = new StringBuilder("one of");
        for (E constant : type.getEnumConstants()) {
            expected.append(' ').append(constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        throw bad(key, raw, expected.toString());
    }

    SettingsException bad(String key, Object value, String expected) {
        return new SettingsException(where(key) + path(key) + ": " + value + " (expected: " + expected + ')');
    }

    private SettingsException wrap(String key, String expected, ConfigException e) {
        if (e instanceof ConfigException.Missing) {
            return new SettingsException(path(key) + ": missing (expected: " + expected + ')');
        }
        return new SettingsException(where(key) + path(key) + ": wrong value (expected: " + expected + ')', e);
    }

    private String where(String key) {
        if (!config.hasPathOrNull(key)) {
            return "";
        }
        return describe(config.getValue(key).origin());
    }

    static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String name = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource() : origin.description();
        return origin.lineNumber() > 0 ? name + ':' + origin.lineNumber() + ": " : name + ": ";
    }
}
