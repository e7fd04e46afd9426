package io.sluice.metrics;

import io.sluice.config.Route;
import io.sluice.config.RouteSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bounded set of values of the {@code route} tag: {@value #NONE} for requests that matched no
 * route (unknown paths, malformed HTTP, requests that never arrived whole), {@value #TOPICS} for
 * {@code POST /topics/{topic}}, then each configured route path, sorted. The router and the meters
 * derive the same indices from the same settings, so a request carries its route as an int.
 * Immutable.
 */
public final class RouteLabels {

    public static final String NONE = "none";
    public static final String TOPICS = "/topics";
    /** The index of {@value #NONE}. */
    public static final int NONE_INDEX = 0;
    /** The index of {@value #TOPICS}. */
    public static final int TOPICS_INDEX = 1;

    private final List<String> labels;

    private RouteLabels(List<String> labels) {
        this.labels = labels;
    }

    public static RouteLabels of(RouteSettings routes) {
        List<String> paths = new ArrayList<>();
        for (Route route : routes.all()) {
            paths.add(route.path());
        }
        Collections.sort(paths);
        List<String> labels = new ArrayList<>(paths.size() + 2);
        labels.add(NONE);
        labels.add(TOPICS);
        labels.addAll(paths);
        return new RouteLabels(List.copyOf(labels));
    }

    /** The index of the configured route {@code path}. */
    public int indexOf(String path) {
        int index = labels.indexOf(path);
        if (index < TOPICS_INDEX + 1) {
            throw new IllegalArgumentException("path: " + path + " (expected: one of the configured routes "
                    + labels.subList(TOPICS_INDEX + 1, labels.size()) + ')');
        }
        return index;
    }

    public String label(int index) {
        return labels.get(index);
    }

    public int size() {
        return labels.size();
    }
}
