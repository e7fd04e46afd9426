package io.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps open ingest connections: up to {@code max-connections} serve any tier, up to
 * {@code reserved-connections} more serve the most important tier only (the {@link IngestHandler}
 * refuses other tiers on them, since a tier is known only from a request). A connection over both is
 * accepted, answered {@code 503 SERVER_BUSY} at once (so the client learns why instead of timing out
 * in the accept queue) with a Retry-After of 1 to 4 s drawn at random, and closed.
 *
 * <p>The reserve exists because the limit is reached exactly when clients pile up: without it,
 * bulk clients holding every connection would lock critical clients out however the tiers are set.
 * Shared by all connections; thread-safe.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    /** The kind of slot a connection holds; absent on connections refused at once. */
    private static final AttributeKey<Slot> SLOT = AttributeKey.valueOf("sluice.connection-slot");

    /**
     * Pre-encoded answers with Retry-After 1 to 4 s; one is picked at random per refusal, so clients
     * refused together do not all come back in the same second.
     */
    private static final byte[][] BUSY = {busyResponse(1), busyResponse(2), busyResponse(3), busyResponse(4)};

    private enum Slot { REGULAR, RESERVED }

    private final int maxConnections;
    private final int reservedConnections;
    private final AtomicInteger regular = new AtomicInteger();
    private final AtomicInteger reserved = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();

    public ConnectionLimiter(int maxConnections, int reservedConnections) {
        this.maxConnections = maxConnections;
        this.reservedConnections = reservedConnections;
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

    /** Whether {@code channel} holds a reserve slot: it may serve the most important tier only. */
    static boolean isReserved(Channel channel) {
        return channel.attr(SLOT).get() == Slot.RESERVED;
    }

    /**
     * Takes a slot for a new connection, before its pipeline is built. Returns {@code false} when
     * none is left: the caller then installs {@link #refusal()} alone, so that a refused
     * connection costs no more than an accept, one write and a close. Under a flood of
     * connections that is what keeps the event loops free for the admitted ones.
     */
    boolean admit(Channel channel) {
        Slot slot = take();
        if (slot == null) {
            rejected.increment();
            return false;
        }
        channel.attr(SLOT).set(slot);
        return true;
    }

    private Slot take() {
        if (regular.incrementAndGet() <= maxConnections) {
            return Slot.REGULAR;
        }
        regular.decrementAndGet();
        if (reserved.incrementAndGet() <= reservedConnections) {
            return Slot.RESERVED;
        }
        reserved.decrementAndGet();
        return null;
    }

    /** The only handler of a refused connection: answers 503 once active, then closes. */
    ChannelHandler refusal() {
        return Refusal.INSTANCE;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release(ctx.channel());
        ctx.fireChannelInactive();
    }

    /** Also when the pipeline is torn down without the channel ever having been active. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release(ctx.channel());
    }

    private void release(Channel channel) {
        Slot slot = channel.attr(SLOT).getAndSet(null);
        if (slot == Slot.REGULAR) {
            regular.decrementAndGet();
        } else if (slot == Slot.RESERVED) {
            reserved.decrementAndGet();
        }
    }

    /** Open connections, reserve included. */
    public int activeConnections() {
        return regular.get() + reserved.get();
    }

    /** Open connections outside the reserve, as a share of {@code max-connections}. */
    public double regularShare() {
        return regular.get() / (double) maxConnections;
    }

    /** Open connections holding a reserve slot. */
    public int reservedConnectionsInUse() {
        return reserved.get();
    }

    /** Connections refused at once, and reserve connections refused for their request's tier. */
    public long rejectedConnections() {
        return rejected.sum();
    }

    @ChannelHandler.Sharable
    private static final class Refusal extends ChannelInboundHandlerAdapter {
        static final Refusal INSTANCE = new Refusal();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            ByteBuf busy = Unpooled.wrappedBuffer(BUSY[ThreadLocalRandom.current().nextInt(BUSY.length)]);
            ctx.writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Counts a reserve connection closed because its request was not of the reserved tier. */
    void refusedForTier() {
        rejected.increment();
    }
}
