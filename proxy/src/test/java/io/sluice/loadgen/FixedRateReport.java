package io.sluice.loadgen;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a fixed-rate run measured, counting only requests due after the warm-up: what became of
 * each one, the latency of every answer from the time the request was <em>due</em> (time spent
 * waiting for a free connection counts), and how late requests were written (the client's own
 * share of that latency). Every measured request ends up in exactly one of ok, non-2xx, errors,
 * dropped and unanswered.
 *
 * <p>Not thread-safe: the load generator's event loop records; another thread may read only after
 * the run has ended and that loop's work has been awaited.
 */
final class FixedRateReport {

    /** Latencies above this (in microseconds) are recorded as this. */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final double perSecond;
    private final int connections;
    private final double warmUpSeconds;
    private final double measuredSeconds;

    long scheduled;
    long sent;
    long ok;
    long non2xx;
    long errors;
    long dropped;
    long unanswered;
    long reconnects;
    /** The most requests that waited for a free connection at once. */
    int queueMax;
    /** Process CPU time spent while the measured requests were due, or -1 when unknown. */
    long cpuNanos = -1;

    /** From due time to the end of the answer, microseconds; 2xx and other answers alike. */
    final Histogram latencyMicros = new Histogram(MAX_MICROS, 3);
    /** From due time to the write of the request, microseconds. */
    final Histogram lagMicros = new Histogram(MAX_MICROS, 3);
    /**
     * From the write of the request to the end of the answer, microseconds: what a client measures
     * from its own send call, as Kafka's ProducerPerformance does; the client's lateness left out.
     */
    final Histogram serviceMicros = new Histogram(MAX_MICROS, 3);

    FixedRateReport(double perSecond, int connections, double warmUpSeconds, double measuredSeconds) {
        this.perSecond = perSecond;
        this.connections = connections;
        this.warmUpSeconds = warmUpSeconds;
        this.measuredSeconds = measuredSeconds;
    }

    void recordAnswer(int status, long latencyNanos, long serviceNanos) {
        if (status >= 200 && status < 300) {
            ok++;
        } else {
            non2xx++;
        }
        latencyMicros.recordValue(micros(latencyNanos));
        serviceMicros.recordValue(micros(serviceNanos));
    }

    void recordSent(long lagNanos) {
        sent++;
        lagMicros.recordValue(micros(lagNanos));
    }

    /** Measured requests that have not ended yet; zero once the run is over. */
    long outstanding() {
        return scheduled - ok - non2xx - errors - dropped - unanswered;
    }

    /** One line, {@code key=value} pairs separated by spaces, latencies in milliseconds. */
    String summaryLine() {
        StringBuilder line = new StringBuilder(320).append("fixed-rate:");
        append(line, "rate", String.format(Locale.ROOT, "%.1f", perSecond));
        append(line, "connections", Integer.toString(connections));
        append(line, "warmup_s", seconds(warmUpSeconds));
        append(line, "duration_s", seconds(measuredSeconds));
        append(line, "scheduled", Long.toString(scheduled));
        append(line, "sent", Long.toString(sent));
        append(line, "ok", Long.toString(ok));
        append(line, "non2xx", Long.toString(non2xx));
        append(line, "errors", Long.toString(errors));
        append(line, "dropped", Long.toString(dropped));
        append(line, "unanswered", Long.toString(unanswered));
        append(line, "reconnects", Long.toString(reconnects));
        append(line, "queue_max", Integer.toString(queueMax));
        append(line, "p50_ms", percentile(latencyMicros, 50));
        append(line, "p90_ms", percentile(latencyMicros, 90));
        append(line, "p99_ms", percentile(latencyMicros, 99));
        append(line, "p999_ms", percentile(latencyMicros, 99.9));
        append(line, "max_ms", percentile(latencyMicros, 100));
        append(line, "lag_p99_ms", percentile(lagMicros, 99));
        append(line, "lag_max_ms", percentile(lagMicros, 100));
        append(line, "service_p50_ms", percentile(serviceMicros, 50));
        append(line, "service_p99_ms", percentile(serviceMicros, 99));
        append(line, "cpu_us_per_request", cpuNanos < 0 || scheduled == 0
                ? "n/a" : String.format(Locale.ROOT, "%.1f", cpuNanos / 1e3 / scheduled));
        return line.toString();
    }

    private static void append(StringBuilder line, String key, String value) {
        line.append(' ').append(key).append('=').append(value);
    }

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private static String percentile(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return "n/a";
        }
        long micros = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    private static long micros(long nanos) {
        return Math.min(MAX_MICROS, Math.max(0, nanos / 1000));
    }
}
