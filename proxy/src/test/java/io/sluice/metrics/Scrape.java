package io.sluice.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * One Prometheus text scrape parsed into series → value, where a series is written exactly as
 * scraped: {@code sluice_requests_total{route="/topics",status="200"}}. Immutable.
 */
final class Scrape {

    private final Map<String, Double> values;
    private final String text;

    private Scrape(Map<String, Double> values, String text) {
        this.values = values;
        this.text = text;
    }

    static Scrape parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(Map.copyOf(values), text);
    }

    boolean has(String series) {
        return values.containsKey(series);
    }

    /** The series' value; fails naming the series if the scrape does not have it. */
    double value(String series) {
        Double value = values.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in the scrape (expected: present)");
        }
        return value;
    }

    /** The series' value, or 0 if the scrape does not have it. */
    double valueOrZero(String series) {
        return values.getOrDefault(series, 0.0);
    }

    /** The sum of every series that starts with {@code prefix}, such as {@code name{route="/topics",}. */
    double sum(String prefix) {
        double sum = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    String text() {
        return text;
    }
}
