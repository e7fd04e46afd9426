package io.sluice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code sluice_requests_total{route,status}}: one counter per route and per status Sluice's ingest
 * path answers with, all registered up front. A status outside {@link #STATUSES} (none is expected)
 * counts under {@code status="other"}, so the series stay bounded whatever happens.
 *
 * <p>Thread-safe: {@link #count} indexes two arrays and increments a counter, from any event loop.
 */
final class RequestCounters {

    /** Every status the ingest handler writes: answers, errors, 429 and 503. */
    static final int[] STATUSES = {200, 400, 403, 404, 405, 408, 413, 414, 415, 429, 431, 500, 503};

    private static final int MAX_STATUS = 599;

    /** Status code → column in {@link #counters}; the last column is "other". */
    private final byte[] columnOfStatus = new byte[MAX_STATUS + 1];
    private final Counter[][] counters;

    RequestCounters(MeterRegistry registry, RouteLabels routes) {
        int other = STATUSES.length;
        java.util.Arrays.fill(columnOfStatus, (byte) other);
        for (int i = 0; i < STATUSES.length; i++) {
            columnOfStatus[STATUSES[i]] = (byte) i;
        }
        counters = new Counter[routes.size()][STATUSES.length + 1];
        for (int route = 0; route < routes.size(); route++) {
            for (int column = 0; column <= other; column++) {
                String status = column == other ? MeterNames.OTHER : Integer.toString(STATUSES[column]);
                counters[route][column] = Counter.builder(MeterNames.REQUESTS)
                        .description("Ingest answers written, by route and HTTP status")
                        .tag(MeterNames.TAG_ROUTE, routes.label(route))
                        .tag(MeterNames.TAG_STATUS, status)
                        .register(registry);
            }
        }
    }

    void count(int routeIndex, int status) {
        int column = status >= 0 && status <= MAX_STATUS ? columnOfStatus[status] : STATUSES.length;
        int route = routeIndex >= 0 && routeIndex < counters.length ? routeIndex : RouteLabels.NONE_INDEX;
        counters[route][column].increment();
    }
}
