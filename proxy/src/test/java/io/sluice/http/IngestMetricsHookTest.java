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
import io.sluice.admission.DrainRateMeter;
import io.sluice.config.SluiceSettings;
import io.sluice.metrics.IngestMetrics;
import io.sluice.metrics.RouteLabels;
import io.sluice.ring.Completion;
import io.sluice.ring.IngestRecord;
import io.sluice.ring.IngestRing;
import io.sluice.ring.RecordSink;
import io.sluice.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest handler reports each answer once, with its route and status, and each admitted request's records. */
class IngestMetricsHookTest {

    /** What the handler reported, in order; the embedded channel runs everything on the test thread. */
    private static final class Recorded implements IngestMetrics {
        final List<String> answers = new ArrayList<>();
        final List<String> records = new ArrayList<>();

        @Override
        public void requestAnswered(int routeIndex, int status, long latencyNanos) {
            assertThat(latencyNanos).isNotNegative();
            answers.add(routeIndex + " " + status);
        }

        @Override
        public void recordsAccepted(String topic, int count) {
            records.add(topic + " " + count);
        }
    }

    private final LinkedBlockingQueue<Completion> sent = new LinkedBlockingQueue<>(1000);
    private final Recorded metrics = new Recorded();
    private IngestRing ring;
    private EmbeddedChannel channel;
    private RouteLabels routes;

    @BeforeEach
    void setUp() {
        SluiceSettings settings = TestGateway.settings("127.0.0.1:1", "sluice.shedding.max-pause = 30 s",
                "sluice.routes = [ { path = \"/v1/orders\", topic = orders, tier = critical } ]");
        routes = RouteLabels.of(settings.routes());
        ring = new IngestRing(64, 1 << 20, new BlockingWaitStrategy(), new RecordSink() {
            @Override
            public void send(String topic, IngestRecord[] records, Completion completion) {
                sent.add(completion);
            }

            @Override
            public void close(Duration timeout) {
            }
        }, Thread::new);
        ring.start();
        DrainRateMeter drain = new DrainRateMeter(() -> 0, () -> 0, 0);
        Admission admission = Admission.of(settings, () -> 0.0, () -> 0, drain);
        IngestServices services = new IngestServices(settings, ring, admission, () -> true, () -> false, metrics);
        RequestTimeoutHandler timeout = new RequestTimeoutHandler(TimeUnit.SECONDS.toNanos(30));
        IdleStateHandler idle = new IdleStateHandler(60, 0, 0, TimeUnit.SECONDS);
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
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson");
        return request;
    }

    private void releaseAnswers(int expected) {
        for (int i = 0; i < expected; i++) {
            FullHttpResponse response = channel.readOutbound();
            assertThat(response).as("answer " + i).isNotNull();
            response.release();
        }
    }

    @Test
    void everyAnswerIsReportedOnceWithItsRouteAndStatus() throws InterruptedException {
        channel.writeInbound(post("/nowhere", "1"));
        channel.writeInbound(post("/topics/bad$topic", "1"));
        channel.writeInbound(post("/v1/orders", "1\n2\n"));
        Completion orders = sent.poll(10, TimeUnit.SECONDS);
        assertThat(orders).isNotNull();
        assertThat(metrics.records).containsExactly("orders 2");
        assertThat(metrics.answers).as("the Kafka-bound answer is not written yet")
                .containsExactly(RouteLabels.NONE_INDEX + " 404", RouteLabels.TOPICS_INDEX + " 400");

        orders.recordAcked(0, 0, 1);
        orders.recordAcked(1, 0, 2);
        channel.runPendingTasks();
        channel.pipeline().fireUserEventTriggered(RequestTimeoutHandler.TIMED_OUT);
        assertThat(metrics.answers).containsExactly(RouteLabels.NONE_INDEX + " 404", RouteLabels.TOPICS_INDEX + " 400",
                routes.indexOf("/v1/orders") + " 200", RouteLabels.NONE_INDEX + " 408");
        releaseAnswers(4);
    }
}
