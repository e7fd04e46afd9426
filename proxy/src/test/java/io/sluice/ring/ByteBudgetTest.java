package io.sluice.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {

    @Test
    void shouldAcquireUpToTheLimitAndNoFurther() {
        ByteBudget budget = new ByteBudget(100);
        assertThat(budget.tryAcquire(60)).isTrue();
        assertThat(budget.tryAcquire(41)).as("61..101 exceeds 100").isFalse();
        assertThat(budget.usedBytes()).as("a refused acquire takes nothing").isEqualTo(60);
        assertThat(budget.tryAcquire(40)).isTrue();
        budget.release(100);
        assertThat(budget.usedBytes()).isZero();
        assertThat(budget.releasedBytesTotal()).isEqualTo(100);
    }

    @Test
    void shouldRejectNonPositiveLimit() {
        assertThatThrownBy(() -> new ByteBudget(0)).hasMessageContaining("maxBytes: 0");
    }

    @Test
    void shouldNeverOvercommitUnderContention() throws InterruptedException {
        ByteBudget budget = new ByteBudget(1000);
        AtomicLong maxSeen = new AtomicLong();
        int threads = 4;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    if (budget.tryAcquire(7)) {
                        maxSeen.accumulateAndGet(budget.usedBytes(), Math::max);
                        budget.release(7);
                    }
                }
                done.countDown();
            }).start();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(maxSeen.get()).isLessThanOrEqualTo(1000);
        assertThat(budget.usedBytes()).isZero();
    }
}
