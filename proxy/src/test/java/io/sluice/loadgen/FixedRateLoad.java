package io.sluice.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An open-model HTTP/1.1 load generator: requests fall due at fixed intervals for a given rate and
 * go out on a pool of keep-alive connections, one request in flight per connection (no
 * pipelining). Latency runs from the time a request was due, not from when it was written, so a
 * request that waits for a free connection, or for a late client, is charged for the wait: no
 * coordinated omission. A request whose turn comes while every connection is busy waits in a
 * bounded queue; when that is full it is dropped and counted.
 *
 * <p>One event loop thread does everything (pacing, every connection, recording), so no state is
 * shared between threads and nothing here is volatile. Pacing schedules a task on that loop for
 * the next due time, which sends whatever is due when it runs; nothing sleeps. The request is
 * encoded once into one buffer; each write sends a retained duplicate of it.
 *
 * <pre>java -cp proxy/target/test-classes:$(cat proxy/target/broker.classpath) io.sluice.loadgen.FixedRateLoad \
 *     --url http://127.0.0.1:8080/topics/t --rate 5000</pre>
 * Prints {@link FixedRateReport#summaryLine()} on standard output; see {@link FixedRateOptions#USAGE}.
 */
public final class FixedRateLoad {

    private static final long RECONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CONNECT_TIMEOUT_SECONDS = 10;

    private final FixedRateOptions options;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final ByteBuf request;
    private final Connection[] connections;
    private final Connection[] idle;
    private int idleHead;
    private int idleCount;
    private final SendTimeQueue waiting;
    private final FixedRateReport report;
    private final Promise<FixedRateReport> done;
    private final Runnable tick = this::tick;

    private ArrivalSchedule schedule;
    private long measuredFrom;
    private long next;
    private int connected;
    private int inFlight;
    private boolean started;
    private boolean issuing;
    private boolean finished;
    private long cpuAtMeasuredStart = -1;

    private FixedRateLoad(FixedRateOptions options, EventLoopGroup group, boolean epoll, ByteBuf request) {
        this.options = options;
        this.loop = group.next();
        this.bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS))
                .remoteAddress(new InetSocketAddress(options.host, options.port));
        this.request = request;
        this.connections = new Connection[options.connections];
        this.idle = new Connection[options.connections];
        this.waiting = new SendTimeQueue(options.queue);
        this.report = new FixedRateReport(options.rate, options.connections, options.warmUpSeconds,
                options.durationSeconds);
        this.done = loop.newPromise();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0])) {
            System.out.println(FixedRateOptions.USAGE);
            return;
        }
        FixedRateOptions options;
        try {
            options = FixedRateOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FixedRateLoad: " + e.getMessage());
            System.err.println(FixedRateOptions.USAGE);
            System.exit(2);
            return;
        }
        System.out.println(run(options).summaryLine());
    }

    /** Connects, runs the schedule, waits for the answers and closes everything again. */
    static FixedRateReport run(FixedRateOptions options) throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fixed-rate", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ByteBuf request = Unpooled.directBuffer(0).writeBytes(options.requestBytes());
        try {
            FixedRateLoad load = new FixedRateLoad(options, group, epoll, request);
            load.loop.execute(load::start);
            long limit = CONNECT_TIMEOUT_SECONDS + (long) Math.ceil(options.warmUpSeconds + options.durationSeconds
                    + options.drainTimeoutSeconds) + 10;
            if (!load.done.await(limit, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the run did not end within " + limit + " s");
            }
            return load.done.getNow() != null ? load.done.getNow() : rethrow(load.done.cause());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            request.release();
        }
    }

    private static FixedRateReport rethrow(Throwable cause) throws Exception {
        throw cause instanceof Exception e ? e : new IllegalStateException(cause);
    }

    // --- everything below runs on the event loop ---------------------------------------------

    private void start() {
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Connection();
            connect(connections[i]);
        }
    }

    private void connect(Connection connection) {
        if (finished) {
            return;
        }
        ChannelFuture future = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpResponseDecoder(new HttpDecoderConfig()
                        .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false))),
                        new AnswerHandler(connection));
            }
        }).connect();
        future.addListener(f -> {
            if (finished) {
                future.channel().close();
            } else if (f.isSuccess()) {
                connection.channel = future.channel();
                connection.open = true;
                if (!started && ++connected == connections.length) {
                    beginSchedule();
                }
                available(connection);
            } else if (!started) {
                finish(f.cause());
            } else {
                loop.schedule(() -> connect(connection), RECONNECT_DELAY_NANOS, TimeUnit.NANOSECONDS);
            }
        });
    }

    private void beginSchedule() {
        started = true;
        issuing = true;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        schedule = new ArrivalSchedule(start, options.rate, options.warmUpSeconds, options.durationSeconds);
        measuredFrom = schedule.measuredFromNanos();
        loop.schedule(tick, start - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Sends every request due by now, then comes back when the next one is due. */
    private void tick() {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        long count = schedule.count();
        while (next < count) {
            long due = schedule.dueAt(next);
            if (due - now > 0) {
                break;
            }
            if (next == schedule.warmUpCount()) {
                cpuAtMeasuredStart = processCpuNanos();
            }
            arrive(due);
            next++;
        }
        if (next < count) {
            loop.schedule(tick, schedule.dueAt(next) - System.nanoTime(), TimeUnit.NANOSECONDS);
            return;
        }
        issuing = false;
        long cpu = processCpuNanos();
        if (cpu >= 0 && cpuAtMeasuredStart >= 0) {
            report.cpuNanos = cpu - cpuAtMeasuredStart;
        }
        loop.schedule(() -> finish(null), Math.round(options.drainTimeoutSeconds * 1e9), TimeUnit.NANOSECONDS);
        finishIfDrained();
    }

    private void arrive(long due) {
        boolean measured = measured(due);
        if (measured) {
            report.scheduled++;
        }
        Connection connection = takeIdle();
        if (connection != null) {
            send(connection, due);
        } else if (waiting.offer(due)) {
            if (measured) {
                report.queueMax = Math.max(report.queueMax, waiting.size());
            }
        } else if (measured) {
            report.dropped++;
        }
    }

    private void send(Connection connection, long due) {
        connection.busy = true;
        connection.due = due;
        connection.status = 0;
        connection.keepAlive = true;
        inFlight++;
        connection.written = System.nanoTime();
        if (measured(due)) {
            report.recordSent(connection.written - due);
        }
        Channel channel = connection.channel;
        channel.writeAndFlush(request.retainedDuplicate(), channel.voidPromise());
    }

    private void answered(Connection connection) {
        long now = System.nanoTime();
        connection.busy = false;
        inFlight--;
        if (measured(connection.due)) {
            report.recordAnswer(connection.status, now - connection.due, now - connection.written);
        }
        if (connection.keepAlive) {
            available(connection);
        } else {
            // The server closes it; channelInactive connects again.
            connection.open = false;
            connection.channel.close();
        }
        finishIfDrained();
    }

    private void closed(Connection connection) {
        connection.open = false;
        connection.channel = null;
        if (connection.busy) {
            connection.busy = false;
            inFlight--;
            if (measured(connection.due)) {
                report.errors++;
            }
        }
        if (!finished) {
            report.reconnects++;
            connect(connection);
        }
        finishIfDrained();
    }

    /** A connection without a request: it takes the oldest waiting one, or joins the idle ones. */
    private void available(Connection connection) {
        if (!waiting.isEmpty()) {
            send(connection, waiting.poll());
        } else if (!connection.idle) {
            connection.idle = true;
            idle[(idleHead + idleCount) % idle.length] = connection;
            idleCount++;
        }
    }

    /** The connection idle the longest (so that load spreads over all of them), or null. */
    private Connection takeIdle() {
        while (idleCount > 0) {
            Connection connection = idle[idleHead];
            idle[idleHead] = null;
            idleHead = (idleHead + 1) % idle.length;
            idleCount--;
            connection.idle = false;
            if (connection.open && !connection.busy) {
                return connection;
            }
        }
        return null;
    }

    private boolean measured(long due) {
        return due - measuredFrom >= 0;
    }

    private void finishIfDrained() {
        if (started && !issuing && inFlight == 0 && waiting.isEmpty()) {
            finish(null);
        }
    }

    private void finish(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        // Whatever is still queued or in flight now is unanswered, not an error when closed below.
        report.unanswered = report.outstanding();
        for (Connection connection : connections) {
            if (connection != null) {
                connection.busy = false;
                if (connection.channel != null) {
                    connection.channel.close();
                }
            }
        }
        if (failure != null) {
            done.setFailure(failure);
        } else {
            done.setSuccess(report);
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** One keep-alive connection and the request on it. Event loop only. */
    private static final class Connection {
        Channel channel;
        boolean open;
        boolean idle;
        boolean busy;
        boolean keepAlive;
        long due;
        /** When the request was handed to the socket. */
        long written;
        int status;
    }

    /** Reads the answers on one channel; the decoder's messages are released on return. */
    private final class AnswerHandler extends SimpleChannelInboundHandler<HttpObject> {

        private final Connection connection;

        AnswerHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (finished || !connection.busy || ctx.channel() != connection.channel) {
                return;
            }
            if (msg.decoderResult().isFailure()) {
                ctx.close();
                return;
            }
            if (msg instanceof HttpResponse response) {
                connection.status = response.status().code();
                connection.keepAlive = HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof LastHttpContent && connection.status >= 200) {
                answered(connection);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == connection.channel) {
                closed(connection);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
