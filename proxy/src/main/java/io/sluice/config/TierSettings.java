package io.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The priority tiers ({@code sluice.tiers}), most important first. Immutable.
 *
 * <p>A tier's importance follows from its hard limit: the higher the limit, the later it is shed.
 */
public final class TierSettings {

    private final List<Tier> tiers;

    TierSettings(ConfigReader in, RingSettings ring) {
        Config config = in.config();
        List<String> names = new ArrayList<>();
        List<Double> limits = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            String name = e.getKey();
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                throw in.bad(name, e.getValue().render(), "an object such as { hard-limit = 0.9 }");
            }
            if (!headerSafe(name)) {
                // 429 answers send the name in their RateLimit headers, which are not validated again.
                throw in.bad(quote(name), quote(name), "a tier name without control characters");
            }
            ConfigReader tier = new ConfigReader(config.getConfig(quote(name)), in.path(name));
            double limit = tier.ratio("hard-limit");
            if (limit < ring.highWatermark()) {
                throw tier.bad("hard-limit", limit, "at least ring.high-watermark " + ring.highWatermark()
                        + ", so reads are paused before requests are shed");
            }
            names.add(name);
            limits.add(limit);
        }
        if (names.isEmpty()) {
            throw new SettingsException(in.path("") + ": no tiers (expected: at least one)");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(limits::get).reversed().thenComparing(names::get));
        List<Tier> sorted = new ArrayList<>();
        for (int i : order) {
            sorted.add(new Tier(names.get(i), limits.get(i), sorted.size()));
        }
        tiers = List.copyOf(sorted);
    }

    private static boolean headerSafe(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String key) {
        return com.typesafe.config.ConfigUtil.quoteString(key);
    }

    /** All tiers, most important (level 0) first. */
    public List<Tier> all() {
        return tiers;
    }

    /** The tier called {@code name}, or {@code null}. */
    public Tier byName(String name) {
        for (Tier tier : tiers) {
            if (tier.name().equals(name)) {
                return tier;
            }
        }
        return null;
    }
}
