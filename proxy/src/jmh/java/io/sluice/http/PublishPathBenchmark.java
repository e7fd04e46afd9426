package io.sluice.http;

import com.lmax.disruptor.YieldingWaitStrategy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.sluice.config.SettingsLoader;
import io.sluice.config.SluiceSettings;
import io.sluice.ring.Completion;
import io.sluice.ring.IngestRecord;
import io.sluice.ring.IngestRing;
import io.sluice.ring.RecordSink;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole per-request path inside the gateway, without sockets or Kafka: route, admit, parse,
 * publish into the ring, the sink thread's hand-off, the acknowledgement, the hop back to the
 * event loop and the encoded answer. The sink acknowledges at once, so this measures Sluice's own
 * CPU per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PublishPathBenchmark {

    @Param({"raw-1KiB", "v2-json-100x1KiB"})
    public String body;

    private IngestRing ring;
    private AckingSink sink;
    private EmbeddedChannel channel;
    private ByteBuf content;
    private String contentType;

    /**
     * Hands each request back to the benchmark thread, which acknowledges it: the embedded event
     * loop may only be driven from that one thread.
     */
    private static final class AckingSink implements RecordSink {
        final AtomicReference<Completion> handedOver = new AtomicReference<>();
        volatile int records;

        @Override
        public void send(String topic, IngestRecord[] batch, Completion completion) {
            records = batch.length;
            handedOver.set(completion);
        }

        @Override
        public void close(Duration timeout) {
        }
    }

    @Setup
    public void setUp() {
        SluiceSettings settings = SettingsLoader.load(null, new Properties(), Map.of());
        sink = new AckingSink();
        ring = new IngestRing(1024, 64 << 20, new YieldingWaitStrategy(), sink, Thread::new);
        ring.start();
        IngestServices services = BenchmarkServices.of(settings, ring, ring::occupancy);
        RequestTimeoutHandler timeout = new RequestTimeoutHandler(TimeUnit.SECONDS.toNanos(30));
        IdleStateHandler idle = new IdleStateHandler(60, 0, 0, TimeUnit.SECONDS);
        channel = new EmbeddedChannel(idle, timeout, new IngestHandler(services, BenchmarkServices.connections(), timeout, idle));
        String value = "x".repeat(1024);
        if (body.startsWith("raw")) {
            contentType = "text/plain";
            content = Unpooled.copiedBuffer(value, java.nio.charset.StandardCharsets.UTF_8);
        } else {
            contentType = "application/vnd.kafka.json.v2+json";
            StringBuilder json = new StringBuilder("{\"records\":[");
            for (int i = 0; i < 100; i++) {
                json.append(i == 0 ? "" : ",").append("{\"value\":\"").append(value, 0, 1020).append("\"}");
            }
            content = Unpooled.copiedBuffer(json.append("]}"), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        content.release();
        ring.drainAndStop(5000);
    }

    @Benchmark
    public Object request() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/topics/bench",
                content.retainedDuplicate());
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        channel.writeInbound(request);
        Completion completion;
        while ((completion = sink.handedOver.getAndSet(null)) == null) {
            Thread.onSpinWait();
        }
        for (int i = 0, n = sink.records; i < n; i++) {
            completion.recordAcked(i, 0, i);
        }
        channel.runPendingTasks();
        Object answer = channel.readOutbound();
        ReferenceCountUtil.release(answer);
        return answer;
    }
}
