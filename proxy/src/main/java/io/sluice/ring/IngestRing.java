package io.sluice.ring;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorThreeArg;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.sluice.config.RingSettings;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-off from event loops to the {@link RecordSink}: a Disruptor ring bounded by
 * slots, plus a {@link ByteBudget} bounded by bytes. Publishing never blocks: when either bound is
 * reached, {@link #tryPublish} returns {@code false} at once and the caller answers the client.
 *
 * <p>{@link #tryPublish}, {@link #occupancy()} and the accessors are safe to call from any thread.
 */
public final class IngestRing {

    /** What happened to a publish attempt. */
    public enum PublishResult { PUBLISHED, NO_BYTES, NO_SLOT }

    private static final Translator TRANSLATOR = new Translator();

    private final Disruptor<IngestEvent> disruptor;
    private final RingBuffer<IngestEvent> ringBuffer;
    private final ByteBudget budget;
    private final int slots;

    public IngestRing(RingSettings settings, RecordSink sink, ThreadFactory threadFactory) {
        this(settings.slots(), settings.maxBytes(), waitStrategy(settings.waitStrategy()), sink, threadFactory);
    }

    public IngestRing(int slots, long maxBytes, WaitStrategy waitStrategy, RecordSink sink, ThreadFactory threadFactory) {
        this.slots = slots;
        this.budget = new ByteBudget(maxBytes);
        this.disruptor = new Disruptor<>(IngestEvent::new, slots, threadFactory, ProducerType.MULTI, waitStrategy);
        this.disruptor.handleEventsWith(new SinkEventHandler(sink, budget));
        this.ringBuffer = disruptor.getRingBuffer();
    }

    static WaitStrategy waitStrategy(RingSettings.WaitStrategy kind) {
        switch (kind) {
            case SLEEPING:
                return new SleepingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            default:
                return new BlockingWaitStrategy();
        }
    }

    public void start() {
        disruptor.start();
    }

    /**
     * Publishes one request unless the ring has no free slot or the byte budget no room for
     * {@code bytes} (the sum of the records' sizes). Never blocks and takes nothing on failure.
     */
    public PublishResult tryPublish(String topic, IngestRecord[] records, long bytes, Completion completion) {
        if (!budget.tryAcquire(bytes)) {
            return PublishResult.NO_BYTES;
        }
        if (!ringBuffer.tryPublishEvent(TRANSLATOR, topic, records, completion)) {
            budget.cancel(bytes);
            return PublishResult.NO_SLOT;
        }
        return PublishResult.PUBLISHED;
    }

    /** Slots holding requests the sink has not taken yet. */
    public int slotsUsed() {
        return (int) (slots - ringBuffer.remainingCapacity());
    }

    public int slots() {
        return slots;
    }

    public ByteBudget budget() {
        return budget;
    }

    /** The larger of the slot share and the byte share in use, from 0 to 1. */
    public double occupancy() {
        double slotShare = (double) slotsUsed() / slots;
        double byteShare = (double) budget.usedBytes() / budget.maxBytes();
        return Math.max(slotShare, byteShare);
    }

    /**
     * Waits until the sink has taken every published request, up to {@code timeoutMillis}, and
     * then stops the consumer thread. Publishing must have stopped before. If the time runs out
     * the consumer keeps running, so the caller can make the sink fail fast and call this again.
     *
     * @return whether the ring drained in time (and the consumer stopped)
     */
    public boolean drainAndStop(long timeoutMillis) {
        try {
            disruptor.shutdown(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Stops the consumer thread whatever is left in the ring. */
    public void halt() {
        disruptor.halt();
    }

    /** A stateless translator passed with its arguments: a capturing lambda would allocate per request. */
    private static final class Translator implements EventTranslatorThreeArg<IngestEvent, String, IngestRecord[], Completion> {
        @Override
        public void translateTo(IngestEvent event, long sequence, String topic, IngestRecord[] records, Completion completion) {
            event.set(topic, records, completion);
        }
    }
}
