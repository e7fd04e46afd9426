package io.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps open ingest connections at {@code max-connections}. A connection over the cap is accepted,
 * answered {@code 503 SERVER_BUSY} at once (so the client learns why instead of timing out in the
 * accept queue), with a Retry-After of 1 to 4 s drawn at random, and closed. Shared by all connections; thread-safe.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    /**
     * Pre-encoded answers with Retry-After 1 to 4 s; one is picked at random per refusal, so clients
     * refused together do not all come back in the same second.
     */
    private static final byte[][] BUSY = {busyResponse(1), busyResponse(2), busyResponse(3), busyResponse(4)};

    private final int maxConnections;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();

    public ConnectionLimiter(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    private static byte[] busyResponse(int retryAfterSeconds) {
        String body = "{\"error_code\":\"SERVER_BUSY\",\"message\":\"too many connections; retry later\"}";
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: application/json\r\n"
                + "Retry-After: " + retryAfterSeconds + "\r\n"
                + "Connection: close\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (active.incrementAndGet() > maxConnections) {
            active.decrementAndGet();
            rejected.increment();
            ctx.channel().config().setAutoRead(false);
            ByteBuf busy = Unpooled.wrappedBuffer(BUSY[ThreadLocalRandom.current().nextInt(BUSY.length)]);
            ctx.writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE);
            // Marked so channelInactive does not count it down a second time.
            ctx.channel().attr(Counted.KEY).set(Boolean.FALSE);
            return;
        }
        ctx.channel().attr(Counted.KEY).set(Boolean.TRUE);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (Boolean.TRUE.equals(ctx.channel().attr(Counted.KEY).get())) {
            active.decrementAndGet();
        }
        ctx.fireChannelInactive();
    }

    public int activeConnections() {
        return active.get();
    }

    public long rejectedConnections() {
        return rejected.sum();
    }

    private static final class Counted {
        static final io.netty.util.AttributeKey<Boolean> KEY = io.netty.util.AttributeKey.valueOf("sluice.counted");
    }
}
