package io.sluice.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.Route;
import io.sluice.config.SluiceSettings;
import io.sluice.config.Tier;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sluice's meters in one Prometheus registry, all registered here at start-up: gauges and function
 * counters that read the gateway's own state at scrape time (so nothing is counted twice), request
 * counters per route and status held in arrays, bounded per-topic record counters, and interval
 * quantiles of ack latency and event-loop delay. docs/metrics.md describes every meter.
 *
 * <p>Thread contract: {@link #requestAnswered} and {@link #recordsAccepted} are called from every
 * event loop at once and neither block nor allocate (except for the first sighting of a topic,
 * bounded by {@code max-topic-tags}); probes run on their own event loop; {@link #rotateQuantiles}
 * is called by one scheduling thread; {@link #scrape} by the admin event loop. All of them may run
 * concurrently.
 */
public final class GatewayMetrics implements IngestMetrics, AutoCloseable {

    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** How often each event loop's delay probe runs. */
    public static final long PROBE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    static final double[] LATENCY_QUANTILES = {0.5, 0.99, 0.999, IntervalQuantiles.MAX};
    static final double[] DELAY_QUANTILES = {0.99, IntervalQuantiles.MAX};
    /** Latencies and delays are recorded in microseconds and clamped to a minute. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);
    private static final double MICROS_PER_SECOND = 1e6;
    /**
     * The Kafka producer's per-topic meters carry a topic tag for every topic ever sent to, which
     * {@code /topics/{topic}} leaves unbounded; {@code sluice_records_total} counts per topic, bounded.
     */
    static final String KAFKA_PER_TOPIC_PREFIX = "kafka.producer.topic.";

    private final PrometheusMeterRegistry registry;
    private final GatewayReadings readings;
    private final LongSupplier nanoClock;
    private final RequestCounters requests;
    private final TopicCounters records;
    private final IntervalQuantiles ackLatency;
    private final IntervalQuantiles loopDelay;

    public GatewayMetrics(SluiceSettings settings, GatewayReadings readings, LongSupplier nanoClock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Filters go first: Micrometer applies them only to meters registered afterwards.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(KAFKA_PER_TOPIC_PREFIX));
        this.readings = readings;
        this.nanoClock = nanoClock;
        this.requests = new RequestCounters(registry, RouteLabels.of(settings.routes()));
        List<String> routeTopics = new ArrayList<>();
        for (Route route : settings.routes().all()) {
            routeTopics.add(route.topic());
        }
        routeTopics.sort(null);
        this.records = new TopicCounters(registry, settings.metrics().maxTopicTags(), routeTopics);
        // Three digits for what clients feel; two suffice for the loop's scheduling delay.
        this.ackLatency = new IntervalQuantiles(HIGHEST_MICROS, 3, LATENCY_QUANTILES, MICROS_PER_SECOND);
        this.loopDelay = new IntervalQuantiles(HIGHEST_MICROS, 2, DELAY_QUANTILES, MICROS_PER_SECOND);
        registerRing();
        registerAdmission(settings.tiers().all());
        registerConnectionsAndKafka();
        registerQuantiles(MeterNames.ACK_LATENCY,
                "Time from a request being read to its 2xx answer being written, quantiles of the last interval",
                ackLatency, LATENCY_QUANTILES);
        registerQuantiles(MeterNames.EVENT_LOOP_DELAY,
                "How late ingest event loops ran a task scheduled every 100 ms, quantiles of the last interval",
                loopDelay, DELAY_QUANTILES);
    }

    private void registerRing() {
        gauge(MeterNames.RING_OCCUPANCY, "The larger of the ring's slot share and byte share in use, 0 to 1",
                GatewayReadings::ringOccupancy);
        gauge(MeterNames.RING_SLOTS_USED, "Ring slots holding requests the Kafka sink has not taken yet",
                r -> r.ringSlotsUsed());
        gauge(MeterNames.RING_BYTES_USED, "Record bytes admitted and not yet acknowledged by Kafka",
                r -> r.ringBytesUsed());
    }

    private void registerAdmission(List<Tier> tiers) {
        gauge(MeterNames.CHANNELS_PAUSED, "Connections whose reads are paused for backpressure",
                r -> r.channelsPaused());
        functionCounter(MeterNames.READ_PAUSES, "Times a connection's reads were paused for backpressure",
                r -> r.readPausesTotal());
        functionCounter(MeterNames.READ_RESUMES, "Times a backpressure pause ended",
                r -> r.readResumesTotal());
        gauge(MeterNames.PRESSURE_STATE, "Pressure state: 0 GREEN, 1 YELLOW (reads paused), 2 RED (a tier is shed)",
                r -> r.pressureState());
        gauge(MeterNames.ACTIVE_SHEDDING_TIER, "Level of the most important tier being shed (0 = most important), -1 if none",
                r -> r.activeSheddingLevel());
        List<String> reasons = readings.shedReasons();
        for (Tier tier : tiers) {
            for (int r = 0; r < reasons.size(); r++) {
                int level = tier.level();
                int reason = r;
                FunctionCounter.builder(MeterNames.SHED, readings, g -> g.shedTotal(level, reason))
                        .description("Requests refused (429, or 503 while Kafka is unavailable), by tier and reason")
                        .tag(MeterNames.TAG_TIER, tier.name())
                        .tag(MeterNames.TAG_REASON, reasons.get(r).toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    private void registerConnectionsAndKafka() {
        gauge(MeterNames.CONNECTIONS_ACTIVE, "Open ingest connections", r -> r.connectionsActive());
        functionCounter(MeterNames.CONNECTIONS_REJECTED,
                "Ingest connections refused: over max-connections and the reserve, or of a lower tier on a reserve connection",
                r -> r.connectionsRejectedTotal());
        gauge(MeterNames.KAFKA_AVAILABLE, "1 while Kafka acknowledges records, 0 while requests are answered 503",
                r -> r.kafkaAvailable() ? 1 : 0);
        gauge(MeterNames.DRAIN_RATE, "Recent rate at which Kafka acknowledges record bytes",
                GatewayReadings::drainRateBytesPerSecond);
    }

    private void registerQuantiles(String name, String description, IntervalQuantiles source, double[] quantiles) {
        for (int i = 0; i < quantiles.length; i++) {
            int index = i;
            Gauge.builder(name, source, q -> q.value(index))
                    .description(description)
                    .tag(MeterNames.TAG_QUANTILE, quantiles[i] == IntervalQuantiles.MAX ? "max" : Double.toString(quantiles[i]))
                    .strongReference(true)
                    .register(registry);
        }
    }

    private void gauge(String name, String description, java.util.function.ToDoubleFunction<GatewayReadings> value) {
        Gauge.builder(name, readings, value).description(description).strongReference(true).register(registry);
    }

    private void functionCounter(String name, String description,
                                 java.util.function.ToDoubleFunction<GatewayReadings> value) {
        FunctionCounter.builder(name, readings, value).description(description).register(registry);
    }

    @Override
    public void requestAnswered(int routeIndex, int status, long latencyNanos) {
        requests.count(routeIndex, status);
        if (status >= 200 && status < 300) {
            ackLatency.record(latencyNanos / 1_000);
        }
    }

    @Override
    public void recordsAccepted(String topic, int count) {
        records.count(topic, count);
    }

    /**
     * A new delay probe for one event loop; schedule it on that loop at a fixed rate of
     * {@link #PROBE_PERIOD_NANOS}. One per loop: a probe is confined to the loop that runs it.
     */
    public Runnable newEventLoopProbe() {
        return new EventLoopDelayProbe(loopDelay, nanoClock, PROBE_PERIOD_NANOS);
    }

    /** Ends the current quantile interval; call every {@code quantile-interval} from one thread. */
    public void rotateQuantiles() {
        ackLatency.rotate();
        loopDelay.rotate();
    }

    /** The registry, for binding JVM, Kafka client and allocator meters at start-up. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Writes every meter in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public void scrape(OutputStream out) throws IOException {
        registry.scrape(out, CONTENT_TYPE);
    }

    @Override
    public void close() {
        registry.close();
    }
}
