package io.sluice.ring;

/**
 * Wraps a request's {@link Completion} so that each record's bytes go back to the {@link ByteBudget}
 * the moment its outcome is known, before the answer is passed on. It keeps only the sizes, not
 * the records, so payloads become garbage as soon as the producer has serialized them.
 *
 * <p>Thread-safe like the completion it wraps: each index is completed once, and the budget is atomic.
 */
final class BudgetReleasingCompletion implements Completion {

    private final Completion delegate;
    private final int[] sizes;
    private final ByteBudget budget;

    BudgetReleasingCompletion(Completion delegate, IngestRecord[] records, ByteBudget budget) {
        this.delegate = delegate;
        this.budget = budget;
        this.sizes = new int[records.length];
        for (int i = 0; i < records.length; i++) {
            sizes[i] = records[i].sizeInBytes();
        }
    }

    @Override
    public void recordAcked(int index, int partition, long offset) {
        budget.release(sizes[index]);
        delegate.recordAcked(index, partition, offset);
    }

    @Override
    public void recordFailed(int index, DeliveryError error) {
        budget.release(sizes[index]);
        delegate.recordFailed(index, error);
    }
}
