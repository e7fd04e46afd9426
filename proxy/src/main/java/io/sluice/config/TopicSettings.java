package io.sluice.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Which topics {@code POST /topics/{topic}} may reach, and their tier ({@code sluice.topics}).
 * Immutable and thus safe to share between event loops.
 */
public final class TopicSettings {

    private final List<String> exact;
    private final List<String> prefixes;
    private final boolean allowAll;
    private final Tier defaultTier;

    TopicSettings(ConfigReader in, TierSettings tiers) {
        List<String> exactNames = new ArrayList<>();
        List<String> prefixNames = new ArrayList<>();
        boolean all = false;
        List<String> patterns;
        try {
            patterns = in.config().getStringList("allow");
        } catch (com.typesafe.config.ConfigException e) {
            throw in.bad("allow", in.config().getValue("allow").render(), "a list of topic names or patterns");
        }
        for (String pattern : patterns) {
            if (pattern.equals("*")) {
                all = true;
            } else if (pattern.endsWith("*") && pattern.indexOf('*') == pattern.length() - 1) {
                prefixNames.add(pattern.substring(0, pattern.length() - 1));
            } else if (TopicNames.isValid(pattern)) {
                exactNames.add(pattern);
            } else {
                throw in.bad("allow", pattern, "a topic name, \"prefix*\" or \"*\"");
            }
        }
        exact = List.copyOf(exactNames);
        prefixes = List.copyOf(prefixNames);
        allowAll = all;
        String tierName = in.string("default-tier");
        defaultTier = tiers.byName(tierName);
        if (defaultTier == null) {
            throw in.bad("default-tier", tierName, "one of the tiers in sluice.tiers");
        }
    }

    /** Whether {@code topic} (already checked as a legal name) may be written through /topics/. */
    public boolean isAllowed(String topic) {
        if (allowAll) {
            return true;
        }
        for (int i = 0; i < exact.size(); i++) {
            if (exact.get(i).equals(topic)) {
                return true;
            }
        }
        for (int i = 0; i < prefixes.size(); i++) {
            if (topic.startsWith(prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** The exact topic names of {@code allow} (patterns left out). */
    public List<String> exactNames() {
        return exact;
    }

    /** Whether /topics/ is served at all. */
    public boolean anyAllowed() {
        return allowAll || !exact.isEmpty() || !prefixes.isEmpty();
    }

    public Tier defaultTier() {
        return defaultTier;
    }
}
