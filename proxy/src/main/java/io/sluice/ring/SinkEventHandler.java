package io.sluice.ring;

import com.lmax.disruptor.EventHandler;
import io.sluice.metrics.RateLimitedLog;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The ring's only consumer: hands each request to the {@link RecordSink} and clears the slot.
 * Runs on the ring's own thread; the sink may block it, which is how a slow Kafka fills the ring.
 */
final class SinkEventHandler implements EventHandler<IngestEvent> {

    private final RecordSink sink;
    private final ByteBudget budget;
    private final RateLimitedLog sinkFailures = RateLimitedLog.perSecond(
            LoggerFactory.getLogger(SinkEventHandler.class), Level.ERROR, "requests failed inside the record sink");

    SinkEventHandler(RecordSink sink, ByteBudget budget) {
        this.sink = sink;
        this.budget = budget;
    }

    @Override
    public void onEvent(IngestEvent event, long sequence, boolean endOfBatch) {
        IngestRecord[] records = event.records;
        Completion completion = new BudgetReleasingCompletion(event.completion, records, budget);
        String topic = event.topic;
        event.clear();
        try {
            sink.send(topic, records, completion);
        } catch (RuntimeException e) {
            // A sink must report failures through the completion; this is the last line of defence
            // so that no request is left unanswered and no budget is lost. It is a bug: say so.
            sinkFailures.record(topic, e);
            for (int i = 0; i < records.length; i++) {
                completion.recordFailed(i, DeliveryError.INTERNAL);
            }
        }
    }
}
