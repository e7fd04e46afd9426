package io.sluice.metrics;

/**
 * Every meter name and tag key Sluice registers, as Micrometer names. The Prometheus registry turns
 * dots into underscores and adds {@code _total} to counters, so {@link #REQUESTS} is scraped as
 * {@code sluice_requests_total}; docs/metrics.md lists the scraped names. Constants only.
 */
public final class MeterNames {

    public static final String RING_OCCUPANCY = "sluice.ring.occupancy.ratio";
    public static final String RING_SLOTS_USED = "sluice.ring.slots.used";
    public static final String RING_BYTES_USED = "sluice.ring.bytes.used";
    public static final String CHANNELS_PAUSED = "sluice.channels.paused";
    public static final String READ_PAUSES = "sluice.read.pauses";
    public static final String READ_RESUMES = "sluice.read.resumes";
    public static final String REQUESTS = "sluice.requests";
    public static final String RECORDS = "sluice.records";
    public static final String SHED = "sluice.shed";
    public static final String PRESSURE_STATE = "sluice.pressure.state";
    public static final String ACTIVE_SHEDDING_TIER = "sluice.active.shedding.tier";
    public static final String CONNECTIONS_ACTIVE = "sluice.connections.active";
    public static final String CONNECTIONS_REJECTED = "sluice.connections.rejected";
    public static final String KAFKA_AVAILABLE = "sluice.kafka.available";
    public static final String DRAIN_RATE = "sluice.drain.rate.bytes.per.second";
    public static final String ACK_LATENCY = "sluice.ack.latency.seconds";
    public static final String EVENT_LOOP_DELAY = "sluice.event.loop.delay.seconds";
    public static final String NETTY_ALLOCATOR_USED = "sluice.netty.allocator.used.bytes";

    public static final String TAG_ROUTE = "route";
    public static final String TAG_STATUS = "status";
    public static final String TAG_TOPIC = "topic";
    public static final String TAG_TIER = "tier";
    public static final String TAG_REASON = "reason";
    public static final String TAG_QUANTILE = "quantile";
    public static final String TAG_AREA = "area";
    public static final String TAG_ALLOCATOR = "allocator";

    /** The tag value that collects what a bounded tag has no own value for. */
    public static final String OTHER = "other";

    private MeterNames() {
    }
}
