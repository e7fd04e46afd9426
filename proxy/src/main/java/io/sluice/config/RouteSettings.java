package io.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fixed paths mapped to topics and tiers ({@code sluice.routes}). Immutable. */
public final class RouteSettings {

    private static final Set<String> ROUTE_KEYS = Set.of("path", "topic", "tier");

    private final Map<String, Route> byPath;

    RouteSettings(Config root, TierSettings tiers) {
        List<? extends Config> entries;
        try {
            entries = root.getConfigList("sluice.routes");
        } catch (ConfigException e) {
            throw new SettingsException(ConfigReader.describe(root.getValue("sluice.routes").origin())
                    + "sluice.routes: wrong value (expected: a list of { path, topic, tier } objects)");
        }
        Map<String, Route> routes = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ConfigReader in = new ConfigReader(entries.get(i), "sluice.routes[" + i + ']');
            for (String key : entries.get(i).root().keySet()) {
                if (!ROUTE_KEYS.contains(key)) {
                    throw new SettingsException(ConfigReader.describe(entries.get(i).getValue(
                            com.typesafe.config.ConfigUtil.quoteString(key)).origin())
                            + in.path(key) + ": unknown key (expected: one of path, topic, tier)");
                }
            }
            String path = in.string("path");
            if (!path.startsWith("/") || path.startsWith("/topics/") || path.indexOf('?') >= 0 || path.length() < 2) {
                throw in.bad("path", path, "an absolute path such as /v1/orders, outside /topics/");
            }
            String topic = in.string("topic");
            if (!TopicNames.isValid(topic)) {
                throw in.bad("topic", topic, "a Kafka topic name: 1 to 249 of [a-zA-Z0-9._-]");
            }
            String tierName = in.config().hasPath("tier") ? in.string("tier") : null;
            Tier tier = tierName == null ? null : tiers.byName(tierName);
            if (tierName != null && tier == null) {
                throw in.bad("tier", tierName, "one of the tiers in sluice.tiers");
            }
            if (routes.containsKey(path)) {
                throw in.bad("path", path, "a path no other route uses");
            }
            routes.put(path, new Route(path, topic, tier));
        }
        byPath = Map.copyOf(routes);
    }

    /** The route for exactly {@code path}, or {@code null}. */
    public Route forPath(String path) {
        return byPath.get(path);
    }

    public List<Route> all() {
        return List.copyOf(new ArrayList<>(byPath.values()));
    }
}
