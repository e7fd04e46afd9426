package io.sluice.admission;

import io.netty.channel.Channel;

/**
 * The only code that turns a channel's {@code autoRead} on and off. Several reasons may hold a
 * channel paused at once (its pipelined answers are not written yet, the ring is congested); reads
 * resume only when the last reason is withdrawn, so no party can undo another's pause.
 *
 * <p>One instance per channel, used only on that channel's event loop; the fields need no
 * synchronisation for that reason, which the assertions check when run with {@code -ea}.
 */
public final class ReadGate {

    /** The connection has as many requests in flight as {@code max-pipelined-requests} allows. */
    public static final int PIPELINE_FULL = 1;
    /** The ring is above its high watermark. */
    public static final int BACKPRESSURE = 1 << 1;

    private final Channel channel;
    private int reasons;
    private long pausedSinceNanos;

    public ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** Adds {@code reason}; stops reading if it is the first. Returns whether reads were on before. */
    public boolean pause(int reason, long nowNanos) {
        assert channel.eventLoop().inEventLoop() : Thread.currentThread().getName();
        boolean wasReading = reasons == 0;
        reasons |= reason;
        if (wasReading) {
            pausedSinceNanos = nowNanos;
            channel.config().setAutoRead(false);
        }
        return wasReading;
    }

    /** Withdraws {@code reason}; reads again once no reason is left. Returns whether reads resumed. */
    public boolean resume(int reason) {
        assert channel.eventLoop().inEventLoop() : Thread.currentThread().getName();
        if ((reasons & reason) == 0) {
            return false;
        }
        reasons &= ~reason;
        if (reasons == 0) {
            channel.config().setAutoRead(true);
            return true;
        }
        return false;
    }

    public boolean isPaused() {
        return reasons != 0;
    }

    public boolean isPausedFor(int reason) {
        return (reasons & reason) != 0;
    }

    /** When the current pause began, by the caller's clock; meaningless while reading. */
    public long pausedSinceNanos() {
        return pausedSinceNanos;
    }
}
