package io.sluice.ring;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Wraps a request's {@link Completion} so that each record's bytes go back to the {@link ByteBudget}
 * the moment its outcome is known, before the answer is passed on. It keeps only the sizes, not
 * the records, so payloads become garbage as soon as the producer has serialized them.
 *
 * <p>Thread-safe: each record's outcome is passed on once, even if a faulty sink reported it twice
 * (the ring's last-resort failure path cannot know which records a throwing sink had completed), so
 * the budget can never be released twice.
 */
final class BudgetReleasingCompletion implements Completion {

    private static final int DONE = -1;

    private final Completion delegate;
    private final AtomicIntegerArray sizes;
    private final ByteBudget budget;

    BudgetReleasingCompletion(Completion delegate, IngestRecord[] records, ByteBudget budget) {
        this.delegate = delegate;
        this.budget = budget;
        this.sizes = new AtomicIntegerArray(records.length);
        for (int i = 0; i < records.length; i++) {
            sizes.set(i, records[i].sizeInBytes());
        }
    }

    @Override
    public void recordAcked(int index, int partition, long offset) {
        int size = sizes.getAndSet(index, DONE);
        if (size != DONE) {
            budget.release(size);
            delegate.recordAcked(index, partition, offset);
        }
    }

    @Override
    public void recordFailed(int index, DeliveryError error) {
        int size = sizes.getAndSet(index, DONE);
        if (size != DONE) {
            budget.release(size);
            delegate.recordFailed(index, error);
        }
    }
}
