package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.BlockingWaitStrategy;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.admission.Admission;
import io.sluice.admission.AdmissionStats;
import io.sluice.admission.DrainRateMeter;
import io.sluice.config.SluiceSettings;
import io.sluice.ring.Completion;
import io.sluice.ring.DeliveryError;
import io.sluice.ring.IngestRecord;
import io.sluice.ring.IngestRing;
import io.sluice.ring.RecordSink;
import io.sluice.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest handler on an embedded channel, with a sink whose acknowledgements the test gives by
 * hand, so ordering, pausing and shedding can be driven step by step.
 */
class IngestHandlerTest {

    /** Captures each request's completion; the test decides when and in which order to answer. */
    private static final class ManualSink implements RecordSink {
        final LinkedBlockingQueue<Completion> sent = new LinkedBlockingQueue<>(1000);

        @Override
        public void send(String topic, IngestRecord[] records, Completion completion) {
            sent.add(completion);
        }

        @Override
        public void close(Duration timeout) {
        }

        Completion next() throws InterruptedException {
            Completion completion = sent.poll(10, TimeUnit.SECONDS);
            assertThat(completion).as("a request reached the sink").isNotNull();
            return completion;
        }
    }

    /** The connection's idle-timeout, as the default server.idle-timeout. */
    private static final long IDLE_SECONDS = 60;

    private final ManualSink sink = new ManualSink();
    private IngestRing ring;
    private EmbeddedChannel channel;
    private double occupancy;
    private boolean kafkaAvailable = true;
    private boolean draining;
    private Admission admission;

    @BeforeEach
    void setUp() {
        SluiceSettings settings = TestGateway.settings("127.0.0.1:1", "sluice.server.max-pipelined-requests = 3",
                "sluice.shedding.max-pause = 30 s");
        ring = new IngestRing(64, 1 << 20, new BlockingWaitStrategy(), sink, Thread::new);
        ring.start();
        DrainRateMeter drain = new DrainRateMeter(() -> 0, () -> 0, 0);
        admission = Admission.of(settings, () -> occupancy, () -> 0, drain);
        IngestServices services = new IngestServices(settings, ring, admission, () -> kafkaAvailable, () -> draining);
        RequestTimeoutHandler timeout = new RequestTimeoutHandler(TimeUnit.SECONDS.toNanos(30));
        IdleStateHandler idle = new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS);
        channel = new EmbeddedChannel(idle, timeout, new IngestHandler(services, new ConnectionLimiter(16, 0), timeout, idle));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        ring.drainAndStop(5000);
    }

    private static FullHttpRequest post(String path, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        return request;
    }

    private String readAnswer(int expectedStatus) {
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("an answer was written").isNotNull();
        try {
            String body = response.content().toString(StandardCharsets.UTF_8);
            assertThat(response.status().code()).as(body).isEqualTo(expectedStatus);
            return body;
        } finally {
            response.release();
        }
    }

    @Test
    void answersGoOutInRequestOrderWhateverOrderKafkaAnswersIn() throws InterruptedException {
        channel.writeInbound(post("/topics/a", "1"));
        channel.writeInbound(post("/topics/a", "2"));
        Completion first = sink.next();
        Completion second = sink.next();
        second.recordAcked(0, 0, 11);
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).as("the second answer waits for the first").isNull();
        first.recordAcked(0, 0, 10);
        channel.runPendingTasks();
        assertThat(readAnswer(200)).contains("\"offset\":10");
        assertThat(readAnswer(200)).contains("\"offset\":11");
    }

    @Test
    void readingPausesAtMaxPipelinedAndResumesAfterAnAnswer() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(post("/topics/a", "x"));
        }
        assertThat(channel.config().isAutoRead()).as("3 in flight = max-pipelined-requests").isFalse();
        sink.next().recordAcked(0, 0, 1);
        channel.runPendingTasks();
        readAnswer(200);
        assertThat(channel.config().isAutoRead()).isTrue();
        sink.next().recordAcked(0, 0, 2);
        sink.next().recordAcked(0, 0, 3);
        channel.runPendingTasks();
        readAnswer(200);
        readAnswer(200);
    }

    @Test
    void congestionPausesTheConnectionThatDeliveredARequest() throws InterruptedException {
        occupancy = 0.82;
        channel.writeInbound(post("/topics/a", "x"));
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(admission.coordinator().pausedConnections()).isEqualTo(1);
        occupancy = 0.1;
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.config().isAutoRead()).as("drained below the low watermark").isTrue();
        assertThat(admission.coordinator().pausedConnections()).isZero();
        sink.next().recordAcked(0, 0, 1);
        channel.runPendingTasks();
        readAnswer(200);
    }

    @Test
    void tierOverItsHardLimitIsShedWithTheFull429Contract() {
        occupancy = 0.96; // standard (0.95) is shed, critical (1.0) is not
        channel.writeInbound(post("/topics/a", "x"));
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(429);
            assertThat(response.headers().getInt(HttpHeaderNames.RETRY_AFTER)).isBetween(1, 30);
            assertThat(response.headers().get("X-RateLimit-Limit")).isNotNull();
            assertThat(response.headers().get("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(Long.parseLong(response.headers().get("X-RateLimit-Reset")))
                    .isGreaterThan(System.currentTimeMillis() / 1000);
            assertThat(response.headers().get("RateLimit-Policy")).startsWith("\"standard\";q=");
            assertThat(response.headers().get("RateLimit")).startsWith("\"standard\";r=0;t=");
            String body = response.content().toString(StandardCharsets.UTF_8);
            assertThat(body).contains("\"error_code\":\"SYSTEM_SATURATED\"")
                    .contains("\"suggested_backoff_ms\":")
                    .contains("\"service_health_status\":\"CONGESTED\"")
                    .contains("\"active_load_shedding_tier\":1");
        } finally {
            response.release();
        }
        assertThat(sink.sent).as("a shed request is never published").isEmpty();
        assertThat(admission.stats().shedTotal(1, AdmissionStats.ShedReason.HARD_LIMIT)).isEqualTo(1);
        assertThat(channel.config().isAutoRead()).as("the connection stays usable").isTrue();
    }

    @Test
    void kafkaUnavailableIsAnswered503AtOnce() {
        kafkaAvailable = false;
        channel.writeInbound(post("/topics/a", "x"));
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.headers().getInt(HttpHeaderNames.RETRY_AFTER)).isBetween(1, 30);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"error_code\":\"KAFKA_UNAVAILABLE\"");
        } finally {
            response.release();
        }
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void answerBodiesAreExactlyTheDocumentedJson() throws InterruptedException {
        channel.writeInbound(post("/topics/orders.v1", "x"));
        sink.next().recordAcked(0, 2, 1_234_567_890_123L);
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.content().toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"topic\":\"orders.v1\",\"partition\":2,\"offset\":1234567890123}");
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(response.content().readableBytes());
            assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("keep-alive");
        } finally {
            response.release();
        }

        FullHttpRequest batch = post("/topics/orders.v1", "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3}]}");
        batch.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.kafka.json.v2+json");
        channel.writeInbound(batch);
        Completion completion = sink.next();
        completion.recordAcked(0, 0, 0);
        completion.recordFailed(1, DeliveryError.RECORD_TOO_LARGE);
        completion.recordFailed(2, DeliveryError.KAFKA_UNAVAILABLE);
        channel.runPendingTasks();
        assertThat(readAnswer(200)).isEqualTo("{\"offsets\":["
                + "{\"partition\":0,\"offset\":0,\"error_code\":null,\"error\":null},"
                + "{\"partition\":null,\"offset\":null,\"error_code\":2,\"error\":\"the record is larger than Kafka accepts\"},"
                + "{\"partition\":null,\"offset\":null,\"error_code\":1,\"error\":\"Kafka is unavailable; retry later\"}"
                + "],\"key_schema_id\":null,\"value_schema_id\":null}");

        channel.writeInbound(post("/nowhere", "x"));
        assertThat(readAnswer(404)).isEqualTo("{\"error_code\":\"NOT_FOUND\",\"message\":\"no such path\"}");

        occupancy = 0.96;
        channel.writeInbound(post("/topics/a", "x"));
        assertThat(readAnswer(429)).matches("\\{\"error_code\":\"SYSTEM_SATURATED\",\"message\":\"Kafka is not keeping up with the"
                + " offered load; lower-priority traffic is being shed\\. Retry after the suggested back-off\\.\","
                + "\"suggested_backoff_ms\":[0-9]+,\"service_health_status\":\"CONGESTED\","
                + "\"active_load_shedding_tier\":1,\"tier\":\"standard\"}");
        occupancy = 1.0;
        channel.writeInbound(post("/topics/a", "x"));
        assertThat(readAnswer(429)).matches("\\{\"error_code\":\"SYSTEM_SATURATED\",\"message\":\"Kafka is not keeping up with the"
                + " offered load; every tier is being shed\\. Retry after the suggested back-off\\.\","
                + "\"suggested_backoff_ms\":[0-9]+,\"service_health_status\":\"SATURATED\","
                + "\"active_load_shedding_tier\":0,\"tier\":\"standard\"}");
    }

    @Test
    void aDrainingIdleConnectionAnswersARequestAlreadyOnItsWayThenCloses() {
        draining = true;
        channel.pipeline().fireUserEventTriggered(IngestHandler.DRAIN);
        assertThat(channel.isOpen()).as("open for the grace period").isTrue();
        channel.writeInbound(post("/topics/a", "late"));
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"error_code\":\"SHUTTING_DOWN\"");
        } finally {
            response.release();
        }
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void aDrainingIdleConnectionClosesAfterTheGrace() {
        draining = true;
        channel.pipeline().fireUserEventTriggered(IngestHandler.DRAIN);
        advance(IngestHandler.DRAIN_GRACE_MILLIS - 50);
        assertThat(channel.isOpen()).isTrue();
        advance(100);
        assertThat(channel.isOpen()).as("closed once the grace is over").isFalse();
    }

    /** Moves the embedded clock on and runs the timers that fall due. */
    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
        advance(TimeUnit.SECONDS.toMillis(IDLE_SECONDS) - 100);
        assertThat(channel.isOpen()).isTrue();
        advance(200);
        assertThat(channel.isOpen()).as("idle-timeout passed with nothing read").isFalse();
    }

    @Test
    void idlenessCountsFromTheLastAnswerNotTheLastRead() throws InterruptedException {
        channel.writeInbound(post("/topics/a", "x"));
        Completion completion = sink.next();
        advance(TimeUnit.SECONDS.toMillis(IDLE_SECONDS) - 1000);
        completion.recordAcked(0, 0, 1);
        channel.runPendingTasks();
        readAnswer(200);
        advance(2000);
        assertThat(channel.isOpen()).as("answered 1 s ago, though the request was read idle-timeout + 1 s ago").isTrue();
        advance(TimeUnit.SECONDS.toMillis(IDLE_SECONDS) - 2000 - 100);
        assertThat(channel.isOpen()).isTrue();
        advance(200);
        assertThat(channel.isOpen()).as("idle-timeout after the answer").isFalse();
    }

    @Test
    void aConnectionWaitingForKafkaIsNotClosedForIdleness() throws InterruptedException {
        channel.writeInbound(post("/topics/a", "x"));
        Completion completion = sink.next();
        for (int i = 0; i < 5; i++) {
            advance(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
        }
        assertThat(channel.isOpen()).as("a request in flight for 5 x idle-timeout").isTrue();
        completion.recordAcked(0, 0, 1);
        channel.runPendingTasks();
        readAnswer(200);
        assertThat(channel.isOpen()).isTrue();
    }
}
