package io.sluice.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;

/**
 * Rejects keys that the reference configuration does not know, so that a misspelt setting fails
 * start-up instead of silently leaving the default in force. Typesafe Config's own
 * {@code checkValid} only checks that known paths are present and typed.
 *
 * <p>Free-form blocks are exempt: {@code sluice.kafka.producer} (any producer property), the names
 * of {@code sluice.tiers} (each tier is checked against the tier shape) and {@code sluice.routes}
 * (checked by {@link RouteSettings}). Stateless.
 */
final class UnknownKeyCheck {

    private UnknownKeyCheck() {
    }

    /** Checks the {@code sluice} block of {@code overlay} against the one of {@code reference}. */
    static void check(ConfigObject overlaySluice, ConfigObject referenceSluice) {
        walk(overlaySluice, referenceSluice, "sluice");
    }

    private static void walk(ConfigObject overlay, ConfigObject reference, String path) {
        for (Map.Entry<String, ConfigValue> e : overlay.entrySet()) {
            String key = e.getKey();
            String keyPath = path + '.' + key;
            ConfigValue value = e.getValue();
            if (keyPath.equals("sluice.kafka.producer") || keyPath.equals("sluice.routes")) {
                continue;
            }
            if (keyPath.equals("sluice.tiers") && value.valueType() == ConfigValueType.OBJECT) {
                checkTiers((ConfigObject) value, reference.get(key));
                continue;
            }
            ConfigValue known = reference.get(key);
            if (known == null) {
                throw unknown(keyPath, value, reference);
            }
            if (value.valueType() == ConfigValueType.OBJECT && known.valueType() == ConfigValueType.OBJECT) {
                walk((ConfigObject) value, (ConfigObject) known, keyPath);
            }
        }
    }

    private static void checkTiers(ConfigObject tiers, ConfigValue referenceTiers) {
        // Every reference tier has the same shape; any of them serves as the template.
        ConfigObject template = null;
        if (referenceTiers instanceof ConfigObject) {
            for (ConfigValue tier : ((ConfigObject) referenceTiers).values()) {
                if (tier instanceof ConfigObject) {
                    template = (ConfigObject) tier;
                    break;
                }
            }
        }
        for (Map.Entry<String, ConfigValue> tier : tiers.entrySet()) {
            if (tier.getValue() instanceof ConfigObject && template != null) {
                walk((ConfigObject) tier.getValue(), template, "sluice.tiers." + tier.getKey());
            }
        }
    }

    private static SettingsException unknown(String keyPath, ConfigValue value, ConfigObject siblings) {
        String key = keyPath.substring(keyPath.lastIndexOf('.') + 1);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : siblings.keySet()) {
            int distance = editDistance(key, candidate);
            if (distance < best) {
                best = distance;
                closest = candidate;
            }
        }
        String hint = closest != null && best <= Math.max(2, key.length() / 3) ? "; did you mean " + closest + '?' : "";
        return new SettingsException(ConfigReader.describe(value.origin()) + keyPath
                + ": unknown key (expected: one of " + String.join(", ", new java.util.TreeSet<>(siblings.keySet())) + ')' + hint);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
