package io.sluice.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SendTimeQueueTest {

    @Test
    void firstInFirstOut() {
        SendTimeQueue queue = new SendTimeQueue(4);
        queue.offer(-3);
        queue.offer(7);
        queue.offer(Long.MAX_VALUE);
        assertThat(queue.poll()).isEqualTo(-3);
        assertThat(queue.poll()).isEqualTo(7);
        assertThat(queue.poll()).isEqualTo(Long.MAX_VALUE);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void refusesWhenFullAndNeverGrows() {
        SendTimeQueue queue = new SendTimeQueue(2);
        assertThat(queue.offer(1)).isTrue();
        assertThat(queue.offer(2)).isTrue();
        assertThat(queue.offer(3)).as("third entry in a queue of two").isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.capacity()).isEqualTo(2);
        assertThat(queue.poll()).isEqualTo(1);
        assertThat(queue.offer(4)).isTrue();
        assertThat(queue.poll()).isEqualTo(2);
        assertThat(queue.poll()).isEqualTo(4);
    }

    @Test
    void wrapsAroundItsArray() {
        SendTimeQueue queue = new SendTimeQueue(3);
        for (long i = 0; i < 100; i++) {
            assertThat(queue.offer(i)).isTrue();
            assertThat(queue.offer(i + 1000)).isTrue();
            assertThat(queue.poll()).isEqualTo(i);
            assertThat(queue.poll()).isEqualTo(i + 1000);
        }
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void pollingAnEmptyQueueIsAnError() {
        assertThatThrownBy(() -> new SendTimeQueue(1).poll()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SendTimeQueue(0)).hasMessageContaining("capacity: 0");
    }
}
