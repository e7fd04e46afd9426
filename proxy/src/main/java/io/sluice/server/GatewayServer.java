package io.sluice.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.admission.Admission;
import io.sluice.admission.DrainRateMeter;
import io.sluice.config.ServerSettings;
import io.sluice.config.SluiceSettings;
import io.sluice.http.ConnectionLimiter;
import io.sluice.http.IngestChannelInitializer;
import io.sluice.http.IngestServices;
import io.sluice.kafka.KafkaHealth;
import io.sluice.kafka.KafkaRecordSink;
import io.sluice.metrics.GatewayMetrics;
import io.sluice.ring.IngestRing;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the producer, the ring, the ingest and admin servers, wired from settings.
 * {@link #start} binds both ports; {@link #close} shuts down in order (stop accepting, drain the
 * ring, flush the producer, then the event loops) so that every accepted request is answered.
 *
 * <p>{@code start} and {@code close} are called from one controlling thread (main or a shutdown hook).
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    private static final long DRAIN_SAMPLE_MILLIS = 100;
    /** How long the ring gets to empty once the sink fails everything at once. */
    private static final long ABORT_DRAIN_MILLIS = 2000;
    /** How often shutdown looks whether Kafka has answered for every record. */
    private static final long ACK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final SluiceSettings settings;
    private final KafkaHealth kafkaHealth;
    private final Producer<byte[], byte[]> producer;
    private final KafkaRecordSink sink;
    private final IngestRing ring;
    private final ConnectionLimiter connectionLimiter;
    private final Admission admission;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final AdminServer admin;
    private final ChannelGroup ingestChannels = new DefaultChannelGroup("sluice-ingest", GlobalEventExecutor.INSTANCE);
    private final GatewayMetrics metrics;
    private final ServerMeters serverMeters;
    private Channel ingestChannel;
    private volatile boolean draining;
    /** When a running shutdown must be done; moved to now by {@link #hurry}. */
    private volatile long deadline;
    private boolean closed;

    private GatewayServer(SluiceSettings settings) {
        this.settings = settings;
        ServerSettings server = settings.server();
        Transport transport = Transport.choose(server.transport());
        this.kafkaHealth = new KafkaHealth(System::nanoTime);
        int threads = server.ioThreads() > 0 ? server.ioThreads() : Runtime.getRuntime().availableProcessors();
        // Built in this order so that a failure part-way releases what already holds threads or sockets.
        this.producer = KafkaRecordSink.newProducer(settings.kafka(), "sluice");
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        AdminServer adminServer = null;
        try {
            this.sink = new KafkaRecordSink(producer, kafkaHealth);
            this.ring = new IngestRing(settings.ring(), sink, new DefaultThreadFactory("sluice-ring", true));
            this.connectionLimiter = new ConnectionLimiter(server.maxConnections(), server.reservedConnections());
            this.admission = newAdmission(settings, ring, connectionLimiter);
            boss = transport.newGroup(1, "sluice-accept");
            workers = transport.newGroup(threads, "sluice-io");
            adminServer = new AdminServer(settings.admin(), transport, boss, this);
            this.metrics = new GatewayMetrics(settings, new LiveReadings(ring, admission, connectionLimiter, kafkaHealth),
                    System::nanoTime);
            this.serverMeters = ServerMeters.bind(metrics, producer);
        } catch (RuntimeException | Error e) {
            producer.close(Duration.ZERO);
            for (EventLoopGroup group : new EventLoopGroup[] {boss, workers}) {
                if (group != null) {
                    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                }
            }
            if (adminServer != null) {
                adminServer.close();
            }
            throw e;
        }
        this.bossGroup = boss;
        this.workerGroup = workers;
        this.admin = adminServer;
        log.info("Transport {} with {} event loops; ring {} slots, {} bytes; memory bound {}",
                transport.name(), threads, settings.ring().slots(), settings.ring().maxBytes(), MemoryBound.of(settings));
    }

    private static Admission newAdmission(SluiceSettings settings, IngestRing ring, ConnectionLimiter connections) {
        DrainRateMeter drainRate = new DrainRateMeter(ring.budget()::releasedBytesTotal, ring.budget()::releasesTotal,
                System.nanoTime());
        return Admission.of(settings, ring::occupancy, connections::regularShare, drainRate);
    }

    /** Builds the gateway and binds its ports; on failure releases what was started and rethrows. */
    public static GatewayServer start(SluiceSettings settings) {
        GatewayServer gateway = new GatewayServer(settings);
        try {
            gateway.bind();
            return gateway;
        } catch (RuntimeException | Error e) {
            gateway.shutdown(0);
            throw e;
        }
    }

    private void bind() {
        ServerSettings server = settings.server();
        ring.start();
        IngestServices services = new IngestServices(settings, ring, admission, kafkaHealth::admitsRequest, () -> draining,
                metrics);
        serverMeters.schedule(workerGroup, admin.group(), settings.metrics().quantileInterval());
        // The drain rate behind Retry-After, sampled off the ingest event loops.
        bossGroup.scheduleAtFixedRate(() -> admission.drainRate().sample(System.nanoTime()),
                DRAIN_SAMPLE_MILLIS, DRAIN_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transport.choose(server.transport()).serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new IngestChannelInitializer(services, connectionLimiter, ingestChannels));
        if (server.socketReceiveBuffer() > 0) {
            // Set on the listening socket so accepted sockets inherit it before the handshake,
            // which is when the TCP window scale is negotiated.
            bootstrap.option(ChannelOption.SO_RCVBUF, server.socketReceiveBuffer());
        }
        ingestChannel = bootstrap.bind(server.host(), server.port()).syncUninterruptibly().channel();
        admin.bind();
        log.info("Sluice ingest on {}, admin on {}, Kafka at {}", ingestChannel.localAddress(),
                admin.localAddress(), settings.kafka().bootstrapServers());
    }

    public int ingestPort() {
        return ((InetSocketAddress) ingestChannel.localAddress()).getPort();
    }

    public int adminPort() {
        return admin.port();
    }

    public SluiceSettings settings() {
        return settings;
    }

    IngestRing ring() {
        return ring;
    }

    Admission admission() {
        return admission;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    KafkaHealth kafkaHealth() {
        return kafkaHealth;
    }

    ConnectionLimiter connections() {
        return connectionLimiter;
    }

    /** Whether the gateway takes traffic: Kafka reachable and not shutting down. */
    boolean isReady() {
        return !draining && kafkaHealth.isAvailable();
    }

    boolean isDraining() {
        return draining;
    }

    /**
     * Shuts down in order, within {@code server.shutdown-timeout}: {@code /ready} turns 503 and the
     * listener closes; every connection is told to finish (answer what it has read, take nothing
     * more, close); the ring hands everything to the producer; the producer flushes, so every
     * record gets its outcome and every waiting client its answer; then the event loops stop.
     * If time runs out, what is still queued is failed with 503 {@code SHUTTING_DOWN} and the
     * remaining connections are closed.
     *
     * @return whether everything finished within the time-out
     */
    public boolean shutdown() {
        return shutdown(settings.server().shutdownTimeout().toNanos());
    }

    /** Like {@link #shutdown()}, with an explicit budget; a second call returns at once. */
    public synchronized boolean shutdown(long timeoutNanos) {
        if (closed) {
            return true;
        }
        closed = true;
        draining = true;
        long start = System.nanoTime();
        deadline = start + timeoutNanos;
        if (ingestChannel != null) {
            ingestChannel.close().syncUninterruptibly();
        }
        for (Channel channel : ingestChannels) {
            IngestChannelInitializer.drain(channel);
        }
        boolean inTime = ring.drainAndStop(remainingMillis());
        if (!inTime) {
            // Whatever the sink has not taken yet fails fast, so its clients hear 503 now.
            sink.abort();
            if (!ring.drainAndStop(ABORT_DRAIN_MILLIS)) {
                ring.halt();
            }
        }
        long ringDrained = System.nanoTime();
        // Every record counts in the byte budget until Kafka has answered for it: wait for it to
        // empty, so the outcome says whether Kafka took everything in time.
        while (ring.budget().usedBytes() > 0 && remainingMillis() > 0) {
            LockSupport.parkNanos(ACK_POLL_NANOS);
        }
        inTime &= ring.budget().usedBytes() == 0;
        // close() waits for what is left up to the time left, then aborts what is unsent (503).
        sink.close(Duration.ofMillis(remainingMillis()));
        long producerClosed = System.nanoTime();
        for (Channel channel : ingestChannels) {
            // Answers produced by the last callbacks go out on the event loops; each connection
            // closes itself after its last one.
            inTime &= channel.closeFuture().awaitUninterruptibly(Math.max(1, remainingMillis()));
        }
        ingestChannels.close().awaitUninterruptibly(1000);
        long connectionsClosed = System.nanoTime();
        admin.close();
        serverMeters.close();
        workerGroup.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        log.info("Shutdown took {} ms: ring drained {} ms, producer flushed {} ms, connections answered {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), TimeUnit.NANOSECONDS.toMillis(ringDrained - start),
                TimeUnit.NANOSECONDS.toMillis(producerClosed - ringDrained),
                TimeUnit.NANOSECONDS.toMillis(connectionsClosed - producerClosed));
        log.info(inTime ? "Sluice stopped" : "Sluice stopped after shutdown-timeout; unfinished requests were answered 503");
        return inTime;
    }

    /**
     * Cuts a running shutdown short (a second SIGTERM): from now on nothing is waited for, queued
     * requests fail with 503 and unsent records are aborted. Safe from any thread.
     */
    public void hurry() {
        deadline = System.nanoTime();
        sink.abort();
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        shutdown();
    }

    private long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
