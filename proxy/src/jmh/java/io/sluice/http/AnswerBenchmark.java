package io.sluice.http;

import com.lmax.disruptor.BlockingWaitStrategy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.sluice.config.SettingsLoader;
import io.sluice.config.SluiceSettings;
import io.sluice.config.Tier;
import io.sluice.ring.Completion;
import io.sluice.ring.IngestRecord;
import io.sluice.ring.IngestRing;
import io.sluice.ring.RecordSink;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The answer path on the event loop: building the {@code 200} answer of a single-record request
 * after Kafka's acknowledgement, and the {@code 429} of a shed request; each alone
 * ({@code ...Build}) and then encoded to HTTP/1.1 bytes with the {@code Connection} header the
 * ingest handler adds ({@code ...Encoded}). Leak detection is off in the forked JVM, as in the
 * production launchers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class AnswerBenchmark {

    private static final String TOPIC = "clickstream.events";

    private IngestRing ring;
    private EmbeddedChannel ingest;
    private EmbeddedChannel encoder;
    private ByteBufAllocator alloc;
    private PendingRequest acked;
    private PressureAnswers pressure;
    private Tier bulk;

    /** Never called: the benchmark builds answers for requests it acknowledges itself. */
    private static final class UnusedSink implements RecordSink {
        @Override
        public void send(String topic, IngestRecord[] batch, Completion completion) {
        }

        @Override
        public void close(Duration timeout) {
        }
    }

    @Setup
    public void setUp() {
        SluiceSettings settings = SettingsLoader.load(null, new Properties(), Map.of());
        ring = new IngestRing(64, 1 << 20, new BlockingWaitStrategy(), new UnusedSink(), Thread::new);
        ring.start();
        // Occupancy between the bulk and standard hard limits: bulk is being shed.
        IngestServices services = BenchmarkServices.of(settings, ring, () -> 0.9);
        RequestTimeoutHandler timeout = new RequestTimeoutHandler(TimeUnit.SECONDS.toNanos(30));
        IdleStateHandler idle = new IdleStateHandler(60, 0, 0, TimeUnit.SECONDS);
        IngestHandler handler = new IngestHandler(services, BenchmarkServices.connections(), timeout, idle);
        ingest = new EmbeddedChannel(idle, timeout, handler);
        encoder = new EmbeddedChannel(new HttpResponseEncoder());
        alloc = ingest.alloc();
        pressure = services.pressureAnswers;
        bulk = settings.tiers().byName("bulk");

        // A request whose one record Kafka acknowledged: the acknowledgement schedules the answer on
        // the event loop, which runs it once here; the benchmark then rebuilds that answer.
        acked = new PendingRequest(handler, ingest.eventLoop(), true, System.nanoTime());
        acked.expect(services.router.route("/topics/" + TOPIC).topicJson, 1, false);
        acked.recordAcked(0, 2, 1_234_567_890L);
        ingest.runPendingTasks();
        ReferenceCountUtil.release(acked.response);
        acked.response = null;
    }

    @TearDown
    public void tearDown() {
        ingest.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
        ring.drainAndStop(5000);
    }

    @Benchmark
    public Object ok200Build() {
        FullHttpResponse response = acked.buildAnswer();
        response.release();
        return response;
    }

    @Benchmark
    public int ok200Encoded() {
        return encode(acked.buildAnswer());
    }

    @Benchmark
    public Object tooManyRequests429Build() {
        FullHttpResponse response = pressure.tooManyRequests(alloc, bulk, false);
        response.release();
        return response;
    }

    @Benchmark
    public int tooManyRequests429Encoded() {
        return encode(pressure.tooManyRequests(alloc, bulk, false));
    }

    /** As the ingest handler writes an answer on a keep-alive connection; returns the bytes encoded. */
    private int encode(FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        encoder.writeOutbound(response);
        int bytes = 0;
        for (Object out; (out = encoder.readOutbound()) != null; ) {
            bytes += ((ByteBuf) out).readableBytes();
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }
}
