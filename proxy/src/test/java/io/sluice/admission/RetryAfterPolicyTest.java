package io.sluice.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryAfterPolicyTest {

    private double drainRate;
    private final RetryAfterPolicy policy = new RetryAfterPolicy(1000, 30_000, () -> drainRate);

    @Test
    void followsTheExpectedDrainTime() {
        drainRate = 1_000_000; // bytes per second
        // 5 MB queued drain in 5 s; the spread factor 1.0 (random 0.5) keeps it.
        assertThat(policy.suggestedBackoffMillis(5_000_000, 0.5)).isEqualTo(5000);
        assertThat(policy.suggestedBackoffMillis(5_000_000, 0.0)).isEqualTo(2500);
        assertThat(policy.suggestedBackoffMillis(5_000_000, 0.999)).isBetween(7490L, 7500L);
    }

    @Test
    void isClampedToMinAndMax() {
        drainRate = 1_000_000;
        assertThat(policy.suggestedBackoffMillis(10, 0.0)).isEqualTo(1000);
        assertThat(policy.suggestedBackoffMillis(10_000_000_000L, 0.999)).isBetween(29_900L, 30_000L);
    }

    @Test
    void stalledDrainSuggestsTheMaximumSpreadDownward() {
        drainRate = 0;
        assertThat(policy.suggestedBackoffMillis(1, 0.0)).isEqualTo(15_000);
        assertThat(policy.suggestedBackoffMillis(1, 0.9)).isEqualTo(28_500);
    }

    @Test
    void answersAtABoundStillDiffer() {
        drainRate = 0; // base at the maximum
        Random random = new Random(7);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(policy.suggestedBackoffMillis(1, random.nextDouble()));
        }
        assertThat(seen).hasSizeGreaterThan(45);
        assertThat(seen).allSatisfy(v -> assertThat(v).isBetween(15_000L, 30_000L));
    }

    @Test
    void consecutiveAnswersDiffer() {
        drainRate = 2_000_000;
        Random random = new Random(42);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(policy.suggestedBackoffMillis(8_000_000, random.nextDouble()));
        }
        assertThat(seen).as("jitter spreads retries").hasSizeGreaterThan(90);
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        assertThat(RetryAfterPolicy.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RetryAfterPolicy.retryAfterSeconds(1000)).isEqualTo(1);
        assertThat(RetryAfterPolicy.retryAfterSeconds(1001)).isEqualTo(2);
    }

    @Test
    void rejectsInvertedBounds() {
        assertThatThrownBy(() -> new RetryAfterPolicy(5000, 1000, () -> 1)).hasMessageContaining("[5000, 1000]");
    }
}
