package io.sluice.metrics;

/**
 * What the ingest path reports per request: one call per answer written and one per request
 * admitted into the ring. Implementations are called concurrently from every event loop and must
 * neither block nor allocate.
 */
public interface IngestMetrics {

    /** Reports nothing; for tests and benchmarks that do not look at meters. */
    IngestMetrics NONE = new IngestMetrics() {
        @Override
        public void requestAnswered(int routeIndex, int status, long latencyNanos) {
        }

        @Override
        public void recordsAccepted(String topic, int count) {
        }
    };

    /**
     * An answer was written.
     *
     * @param routeIndex   the request's route, an index into {@link RouteLabels}
     * @param status       the HTTP status code of the answer
     * @param latencyNanos from the request being read to its answer being written
     */
    void requestAnswered(int routeIndex, int status, long latencyNanos);

    /** {@code count} records for {@code topic} were admitted into the ring. */
    void recordsAccepted(String topic, int count);
}
