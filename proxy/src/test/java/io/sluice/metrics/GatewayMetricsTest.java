package io.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.search.Search;
import io.sluice.config.SluiceSettings;
import io.sluice.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    private final FakeReadings readings = new FakeReadings();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private GatewayMetrics metrics;

    private GatewayMetrics start(String... hocon) {
        String[] lines = new String[hocon.length + 1];
        lines[0] = "sluice.routes = [ { path = \"/v1/orders\", topic = orders, tier = critical },"
                + " { path = \"/v1/bulk\", topic = bulk-events, tier = bulk } ]";
        System.arraycopy(hocon, 0, lines, 1, hocon.length);
        SluiceSettings settings = TestGateway.settings("127.0.0.1:1", lines);
        metrics = new GatewayMetrics(settings, readings, clock::get);
        return metrics;
    }

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private int meterCount() {
        return metrics.registry().getMeters().size();
    }

    private double counter(String name, String... tags) {
        Counter counter = Search.in(metrics.registry()).name(name).tags(tags).counter();
        assertThat(counter).as(name + " " + String.join(",", tags)).isNotNull();
        return counter.count();
    }

    private double gauge(String name, String... tags) {
        Gauge gauge = Search.in(metrics.registry()).name(name).tags(tags).gauge();
        assertThat(gauge).as(name + " " + String.join(",", tags)).isNotNull();
        return gauge.value();
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyRequestCounterExistsFromTheStartAndAnswersRegisterNothing() {
        start();
        int before = meterCount();
        RouteLabels routes = RouteLabels.of(TestGateway.settings("127.0.0.1:1",
                "sluice.routes = [ { path = \"/v1/orders\", topic = orders, tier = critical },"
                        + " { path = \"/v1/bulk\", topic = bulk-events, tier = bulk } ]").routes());
        assertThat(routes.label(0)).isEqualTo("none");
        assertThat(routes.label(1)).isEqualTo("/topics");
        assertThat(routes.label(2)).as("routes sorted by path").isEqualTo("/v1/bulk");
        for (int route = 0; route < routes.size(); route++) {
            for (int status : RequestCounters.STATUSES) {
                assertThat(counter(MeterNames.REQUESTS, "route", routes.label(route), "status", Integer.toString(status)))
                        .isZero();
                metrics.requestAnswered(route, status, 1_000);
            }
        }
        metrics.requestAnswered(RouteLabels.TOPICS_INDEX, 404, 1_000);
        metrics.requestAnswered(RouteLabels.TOPICS_INDEX, 418, 1_000);
        metrics.requestAnswered(RouteLabels.TOPICS_INDEX, 99_999, 1_000);
        metrics.requestAnswered(99, 200, 1_000);
        assertThat(meterCount()).as("answering registers no meter").isEqualTo(before);
        assertThat(counter(MeterNames.REQUESTS, "route", "/topics", "status", "404")).isEqualTo(2);
        assertThat(counter(MeterNames.REQUESTS, "route", "/v1/orders", "status", "429")).isEqualTo(1);
        assertThat(counter(MeterNames.REQUESTS, "route", "/topics", "status", "other"))
                .as("statuses Sluice does not emit are bounded into one series").isEqualTo(2);
        assertThat(counter(MeterNames.REQUESTS, "route", "none", "status", "200"))
                .as("an out-of-range route index counts as none").isEqualTo(2);
    }

    @Test
    void topicTagsAreBoundedAndTheRestCountAsOther() {
        start("sluice.metrics.max-topic-tags = 4");
        int before = meterCount();
        assertThat(counter(MeterNames.RECORDS, "topic", "orders")).as("route topics are registered up front").isZero();
        for (int i = 0; i < 10; i++) {
            metrics.recordsAccepted("t" + i, 3);
        }
        metrics.recordsAccepted("orders", 5);
        metrics.recordsAccepted("t0", 1);
        assertThat(meterCount() - before).as("two route topics plus two more reach the cap of 4").isEqualTo(2);
        assertThat(counter(MeterNames.RECORDS, "topic", "orders")).isEqualTo(5);
        assertThat(counter(MeterNames.RECORDS, "topic", "t0")).isEqualTo(4);
        assertThat(counter(MeterNames.RECORDS, "topic", "t1")).isEqualTo(3);
        assertThat(Search.in(metrics.registry()).name(MeterNames.RECORDS).tag("topic", "t2").counter()).isNull();
        assertThat(counter(MeterNames.RECORDS, "topic", "other")).as("t2..t9").isEqualTo(8 * 3);
    }

    @Test
    void ackLatencyQuantilesDescribeTheLastCompleteInterval() {
        start();
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "0.5")).as("no interval yet").isNaN();
        for (int millis = 1; millis <= 1000; millis++) {
            metrics.requestAnswered(RouteLabels.TOPICS_INDEX, 200, TimeUnit.MILLISECONDS.toNanos(millis));
        }
        metrics.requestAnswered(RouteLabels.TOPICS_INDEX, 429, TimeUnit.SECONDS.toNanos(50));
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "0.5")).as("still the previous interval").isNaN();

        metrics.rotateQuantiles();
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "0.5")).isCloseTo(0.5, within(0.001));
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "0.99")).isCloseTo(0.99, within(0.001));
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "0.999")).isCloseTo(0.999, within(0.001));
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "max"))
                .as("only 2xx answers are acknowledgements; the 429 is not in it").isCloseTo(1.0, within(0.001));

        metrics.requestAnswered(RouteLabels.TOPICS_INDEX, 200, TimeUnit.MINUTES.toNanos(10));
        metrics.rotateQuantiles();
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "max")).as("clamped to a minute").isCloseTo(60.0, within(0.1));
        metrics.rotateQuantiles();
        assertThat(gauge(MeterNames.ACK_LATENCY, "quantile", "0.99")).as("an interval without answers").isNaN();
    }

    @Test
    void eventLoopProbeReportsHowLateItRan() {
        start();
        Runnable probe = metrics.newEventLoopProbe();
        long period = GatewayMetrics.PROBE_PERIOD_NANOS;
        clock.addAndGet(period + 3_000);
        probe.run(); // the first run sets the phase
        for (int i = 0; i < 98; i++) {
            clock.addAndGet(period);
            probe.run();
        }
        clock.addAndGet(period + TimeUnit.MILLISECONDS.toNanos(250));
        probe.run();
        metrics.rotateQuantiles();
        assertThat(gauge(MeterNames.EVENT_LOOP_DELAY, "quantile", "max")).isCloseTo(0.25, within(0.003));
        assertThat(gauge(MeterNames.EVENT_LOOP_DELAY, "quantile", "0.99")).isLessThan(0.001);

        // The overdue runs come back to back; an early run (clock behind the estimate) moves the phase.
        probe.run();
        probe.run();
        clock.addAndGet(period - TimeUnit.MILLISECONDS.toNanos(100));
        probe.run();
        metrics.rotateQuantiles();
        assertThat(gauge(MeterNames.EVENT_LOOP_DELAY, "quantile", "max")).isCloseTo(0.15, within(0.002));
    }

    @Test
    void gaugesAndFunctionCountersReadTheGatewayAtScrapeTime() throws IOException {
        start();
        readings.occupancy = 0.87;
        readings.slotsUsed = 55;
        readings.bytesUsed = 1234;
        readings.paused = 4;
        readings.pauses = 9;
        readings.resumes = 5;
        readings.pressureState = 2;
        readings.sheddingLevel = 2;
        readings.shed[2][0] = 7;
        readings.connections = 12;
        readings.rejected = 3;
        readings.kafkaAvailable = false;
        readings.drainRate = 4096;
        String text = scrape();
        assertThat(text)
                .contains("sluice_ring_occupancy_ratio 0.87")
                .contains("sluice_ring_slots_used 55.0")
                .contains("sluice_ring_bytes_used 1234.0")
                .contains("sluice_channels_paused 4.0")
                .contains("sluice_read_pauses_total 9.0")
                .contains("sluice_read_resumes_total 5.0")
                .contains("sluice_pressure_state 2.0")
                .contains("sluice_active_shedding_tier 2.0")
                .contains("sluice_shed_total{reason=\"hard_limit\",tier=\"bulk\"} 7.0")
                .contains("sluice_shed_total{reason=\"ring_full\",tier=\"critical\"} 0.0")
                .contains("sluice_connections_active 12.0")
                .contains("sluice_connections_rejected_total 3.0")
                .contains("sluice_kafka_available 0.0")
                .contains("sluice_drain_rate_bytes_per_second 4096.0")
                .contains("sluice_requests_total{route=\"/v1/orders\",status=\"503\"} 0.0")
                .contains("sluice_ack_latency_seconds{quantile=\"0.999\"} NaN")
                .contains("sluice_event_loop_delay_seconds{quantile=\"max\"} NaN")
                .contains("# TYPE sluice_requests_total counter");
        readings.pressureState = 0;
        assertThat(scrape()).contains("sluice_pressure_state 0.0");
    }

    @Test
    void kafkaPerTopicMetersAreKeptOutBecauseTheirTopicTagIsUnbounded() {
        start();
        metrics.registry().counter("kafka.producer.topic.record.send.total", "topic", "t1").increment();
        metrics.registry().gauge("kafka.producer.record.send.rate", 3.0);
        assertThat(metrics.registry().getMeters()).extracting(m -> m.getId().getName())
                .doesNotContain("kafka.producer.topic.record.send.total")
                .contains("kafka.producer.record.send.rate");
    }

    @Test
    void recordingAllocatesNothing() {
        start();
        metrics.recordsAccepted("warm", 1);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Runnable probe = metrics.newEventLoopProbe();
        for (int i = 0; i < 20_000; i++) {
            metrics.requestAnswered(1, 200, 1_000_000 + i);
            metrics.recordsAccepted("warm", 1);
            probe.run();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            metrics.requestAnswered(i % 4, RequestCounters.STATUSES[i % RequestCounters.STATUSES.length], 1_000_000 + i);
            metrics.recordsAccepted("warm", 2);
            probe.run();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated by 100k answers, record counts and probe runs").isLessThan(64 * 1024);
    }
}
