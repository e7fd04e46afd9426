package io.sluice.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.metrics.GatewayMetrics;
import io.sluice.metrics.MeterNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;

/**
 * The meters that need Netty or Kafka types, kept out of the metrics package: the Kafka producer's
 * own metrics, JVM memory, GC and threads, and the memory held by Netty's buffer allocator; plus
 * the schedules behind the interval quantiles (a delay probe on every ingest event loop, the
 * rotation on the admin loop).
 *
 * <p>Created and closed by the gateway's controlling thread.
 */
final class ServerMeters implements AutoCloseable {

    private final GatewayMetrics metrics;
    private final KafkaClientMetrics kafka;
    private final JvmGcMetrics gc;
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();

    private ServerMeters(GatewayMetrics metrics, KafkaClientMetrics kafka, JvmGcMetrics gc) {
        this.metrics = metrics;
        this.kafka = kafka;
        this.gc = gc;
    }

    /** Binds the producer, JVM and allocator meters to {@code metrics}' registry. */
    static ServerMeters bind(GatewayMetrics metrics, Producer<?, ?> producer) {
        MeterRegistry registry = metrics.registry();
        KafkaClientMetrics kafka = new KafkaClientMetrics(producer);
        kafka.bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        bindAllocator(registry, ByteBufAllocator.DEFAULT);
        return new ServerMeters(metrics, kafka, gc);
    }

    /**
     * The allocator channels use unless configured otherwise. Since Netty 4.2 that is the adaptive
     * allocator, not {@code PooledByteBufAllocator.DEFAULT}, so the default one is what is measured.
     */
    private static void bindAllocator(MeterRegistry registry, ByteBufAllocator allocator) {
        if (!(allocator instanceof ByteBufAllocatorMetricProvider)) {
            return;
        }
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) allocator).metric();
        String name = allocator.getClass().getSimpleName().replace("ByteBufAllocator", "").toLowerCase(Locale.ROOT);
        Gauge.builder(MeterNames.NETTY_ALLOCATOR_USED, metric, ByteBufAllocatorMetric::usedHeapMemory)
                .description("Memory held by Netty's default buffer allocator")
                .tags(MeterNames.TAG_ALLOCATOR, name, MeterNames.TAG_AREA, "heap")
                .strongReference(true)
                .register(registry);
        Gauge.builder(MeterNames.NETTY_ALLOCATOR_USED, metric, ByteBufAllocatorMetric::usedDirectMemory)
                .description("Memory held by Netty's default buffer allocator")
                .tags(MeterNames.TAG_ALLOCATOR, name, MeterNames.TAG_AREA, "direct")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Starts a delay probe on every event loop of {@code ingestLoops} and the quantile rotation on
     * {@code adminLoops}' loop, every {@code quantileInterval}. They stop with their event loops.
     */
    void schedule(EventLoopGroup ingestLoops, EventLoopGroup adminLoops, Duration quantileInterval) {
        long period = GatewayMetrics.PROBE_PERIOD_NANOS;
        for (EventExecutor loop : ingestLoops) {
            schedules.add(loop.scheduleAtFixedRate(metrics.newEventLoopProbe(), period, period, TimeUnit.NANOSECONDS));
        }
        long interval = quantileInterval.toNanos();
        schedules.add(adminLoops.next().scheduleAtFixedRate(metrics::rotateQuantiles, interval, interval,
                TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
        for (ScheduledFuture<?> schedule : schedules) {
            schedule.cancel(false);
        }
        kafka.close();
        gc.close();
        metrics.close();
    }
}
