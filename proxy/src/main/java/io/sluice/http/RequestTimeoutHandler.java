package io.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives each request {@code request-timeout} to arrive completely, counted from the first byte read
 * after the previous request was complete; a request still incomplete then (slow headers or a slow
 * body alike) gets {@link #TIMED_OUT} fired down the pipeline, which the ingest handler answers 408.
 *
 * <p>Sits before the HTTP codec so that it sees raw bytes. A timer is scheduled only when a read
 * ends with a request incomplete, so requests that arrive in one read cost no timer. Time spent
 * paused by Sluice itself does not count against the client: the clock restarts when reads resume.
 * One instance per channel, confined to its event loop.
 */
final class RequestTimeoutHandler extends ChannelDuplexHandler {

    /** The user event fired when a request did not arrive in time. */
    static final Object TIMED_OUT = new Object() {
        @Override
        public String toString() {
            return "REQUEST_TIMED_OUT";
        }
    };

    private static final long IDLE = -1;

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private long requestStartNanos = IDLE;
    private ScheduledFuture<?> timer;
    private boolean fired;

    RequestTimeoutHandler(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (requestStartNanos == IDLE && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
            requestStartNanos = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (requestStartNanos != IDLE && timer == null && !fired) {
            schedule(timeoutNanos - (System.nanoTime() - requestStartNanos));
        }
        ctx.fireChannelReadComplete();
    }

    /**
     * Called when a request head has been decoded: starts the clock if no byte of this request had
     * started it, which happens when the head arrived in the read that completed the previous request.
     */
    void requestStarted() {
        if (requestStartNanos == IDLE && !fired) {
            requestStartNanos = System.nanoTime();
            if (timer == null) {
                schedule(timeoutNanos);
            }
        }
    }

    /** Called by the ingest handler when a whole request has arrived. */
    void requestComplete() {
        requestStartNanos = IDLE;
        cancelTimer();
    }

    /** Called when Sluice resumes reading a channel it had paused: the client was not the slow one. */
    void readsResumed() {
        if (requestStartNanos != IDLE) {
            requestStartNanos = System.nanoTime();
        }
    }

    private void schedule(long delayNanos) {
        timer = ctx.executor().schedule(this::check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (requestStartNanos == IDLE || fired || !ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // Paused by Sluice: not the client's fault. Look again one full period later.
            requestStartNanos = System.nanoTime();
            schedule(timeoutNanos);
            return;
        }
        long remaining = timeoutNanos - (System.nanoTime() - requestStartNanos);
        if (remaining > 0) {
            schedule(remaining);
            return;
        }
        fired = true;
        ctx.fireUserEventTriggered(TIMED_OUT);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }
}
