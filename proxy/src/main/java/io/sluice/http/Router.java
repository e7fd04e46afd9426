package io.sluice.http;

import io.sluice.config.Route;
import io.sluice.config.Tier;
import io.sluice.config.TopicNames;
import io.sluice.config.TopicSettings;
import io.sluice.config.RouteSettings;
import io.sluice.metrics.RouteLabels;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a request URI to its topic and tier: {@code /topics/{topic}} for allowed topics, and the
 * fixed paths of {@code sluice.routes}. Immutable and thus shared by all event loops.
 */
final class Router {

    static final String TOPICS_PREFIX = "/topics/";

    /** Why a URI has no destination. */
    enum Miss { NOT_FOUND, INVALID_TOPIC, TOPIC_NOT_ALLOWED }

    /** A destination, or the reason there is none. Immutable. */
    static final class Destination {
        final String topic;
        /** {@link #topic} as a quoted JSON string in UTF-8, for the answer; shared, never modified. */
        final byte[] topicJson;
        final Tier tier;
        final Miss miss;
        /** The {@code route} tag of the request's meters, an index into {@link RouteLabels}. */
        final int routeIndex;

        private Destination(String topic, byte[] topicJson, Tier tier, Miss miss, int routeIndex) {
            this.topic = topic;
            this.topicJson = topicJson;
            this.tier = tier;
            this.miss = miss;
            this.routeIndex = routeIndex;
        }
    }

    private static final Destination NOT_FOUND = new Destination(null, null, null, Miss.NOT_FOUND, RouteLabels.NONE_INDEX);
    private static final Destination INVALID_TOPIC = new Destination(null, null, null, Miss.INVALID_TOPIC, RouteLabels.TOPICS_INDEX);
    private static final Destination NOT_ALLOWED = new Destination(null, null, null, Miss.TOPIC_NOT_ALLOWED, RouteLabels.TOPICS_INDEX);

    private final TopicSettings topics;
    private final java.util.Map<String, Destination> routes = new java.util.HashMap<>();
    private final EncodedTopics encodedTopics;

    Router(TopicSettings topics, RouteSettings routeSettings) {
        this.topics = topics;
        List<String> configured = new ArrayList<>(topics.exactNames());
        for (Route route : routeSettings.all()) {
            configured.add(route.topic());
        }
        this.encodedTopics = new EncodedTopics(configured, EncodedTopics.DEFAULT_MAX_LEARNED);
        RouteLabels labels = RouteLabels.of(routeSettings);
        for (Route route : routeSettings.all()) {
            Tier tier = route.tier() != null ? route.tier() : topics.defaultTier();
            routes.put(route.path(), new Destination(route.topic(), encodedTopics.get(route.topic()), tier, null,
                    labels.indexOf(route.path())));
        }
    }

    Destination route(String uri) {
        uri = originForm(uri);
        int end = uri.indexOf('?');
        if (end < 0) {
            end = uri.indexOf('#');
        }
        String path = end < 0 ? uri : uri.substring(0, end);
        Destination fixed = routes.get(path);
        if (fixed != null) {
            return fixed;
        }
        if (!path.startsWith(TOPICS_PREFIX) || !topics.anyAllowed()) {
            return NOT_FOUND;
        }
        String topic = path.substring(TOPICS_PREFIX.length());
        if (!TopicNames.isValid(topic)) {
            // Covers "/topics/", nested paths, percent-encodings and traversal attempts alike.
            return topic.isEmpty() || topic.indexOf('/') >= 0 ? NOT_FOUND : INVALID_TOPIC;
        }
        if (!topics.isAllowed(topic)) {
            return NOT_ALLOWED;
        }
        return new Destination(topic, encodedTopics.get(topic), topics.defaultTier(), null, RouteLabels.TOPICS_INDEX);
    }

    /**
     * The path of an absolute-form target ({@code http://host/topics/t}), which HTTP/1.1 servers must
     * accept (RFC 9112, 3.2.2); any other target unchanged.
     */
    private static String originForm(String uri) {
        int authority = uri.regionMatches(true, 0, "http://", 0, 7) ? 7
                : uri.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (authority < 0) {
            return uri;
        }
        int path = uri.indexOf('/', authority);
        return path < 0 ? "/" : uri.substring(path);
    }
}
