package io.sluice.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.config.ServerSettings;
import java.util.concurrent.TimeUnit;

/**
 * The ingest pipeline, read top to bottom as the path of a request:
 * <ol>
 *   <li>{@code connections}: refuse connections beyond {@code max-connections} plus
 *       {@code reserved-connections} (503, close); the reserve serves the most important tier only;</li>
 *   <li>{@code idle}: notice keep-alive connections idle past {@code idle-timeout}, counted from the
 *       last byte read or, if later, the last answer written (reader idleness, which the ingest
 *       handler resets when it has answered everything: no listener on each write);</li>
 *   <li>{@code request-timeout}: a request must arrive whole within {@code request-timeout} (408);</li>
 *   <li>{@code codec}: HTTP/1.1 with bounded request line and headers (414, 431, 400);</li>
 *   <li>{@code flow}: hand on one decoded message per read demand, so that a paused connection
 *       really stops: the decoder emits every message of a read, whatever autoRead says;</li>
 *   <li>{@code head-check}: refuse protocol versions and transfer codings Sluice cannot decode (400),
 *       and start the request clock for a head that arrived with the end of the previous request;</li>
 *   <li>{@code aggregator}: the body, up to {@code max-content-length} (413, 100-continue);</li>
 *   <li>{@code ingest}: route, parse, admit, publish, answer in order.</li>
 * </ol>
 * Shared by all connections; holds only immutable state.
 */
public final class IngestChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** The decoder hands bodies on in chunks of at most this many bytes. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final IngestServices services;
    private final ConnectionLimiter connectionLimiter;
    private final ChannelGroup channels;

    /**
     * @param channels every ingest connection is added here (and leaves it when closed), so that
     *                 shutdown can reach them all
     */
    public IngestChannelInitializer(IngestServices services, ConnectionLimiter connectionLimiter, ChannelGroup channels) {
        this.services = services;
        this.connectionLimiter = connectionLimiter;
        this.channels = channels;
    }

    /**
     * Asks an ingest connection to finish: it takes no further request, answers those already
     * read, then closes. Safe from any thread; the work happens on the connection's event loop.
     */
    public static void drain(Channel channel) {
        channel.pipeline().fireUserEventTriggered(IngestHandler.DRAIN);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ServerSettings server = services.server;
        ChannelPipeline p = ch.pipeline();
        if (!connectionLimiter.admit(ch)) {
            p.addLast("refusal", connectionLimiter.refusal());
            return;
        }
        RequestTimeoutHandler requestTimeout = new RequestTimeoutHandler(server.requestTimeout().toNanos());
        IdleStateHandler idle = new IdleStateHandler(server.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        channels.add(ch);
        p.addLast("connections", connectionLimiter);
        p.addLast("idle", idle);
        p.addLast("request-timeout", requestTimeout);
        p.addLast("codec", new HttpServerCodec(server.maxInitialLineLength(), server.maxHeaderSize(), MAX_CHUNK_SIZE));
        p.addLast("flow", new FlowControlHandler());
        p.addLast("head-check", new RequestHeadCheck(requestTimeout));
        p.addLast("aggregator", new BoundedAggregator(server.maxContentLength()));
        p.addLast("ingest", new IngestHandler(services, connectionLimiter, requestTimeout, idle));
    }
}
