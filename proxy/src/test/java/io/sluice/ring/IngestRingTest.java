package io.sluice.ring;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.BlockingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestRingTest {

    /** A sink that holds every request until released, like a stalled broker. */
    private static final class GatedSink implements RecordSink {
        final CountDownLatch open = new CountDownLatch(1);
        final List<Object[]> sent = new ArrayList<>();
        final CountDownLatch firstSend = new CountDownLatch(1);

        @Override
        public void send(String topic, IngestRecord[] records, Completion completion) {
            firstSend.countDown();
            try {
                open.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (sent) {
                sent.add(new Object[] {topic, records, completion});
            }
        }

        @Override
        public void close(Duration timeout) {
        }

        void ackAll() {
            synchronized (sent) {
                for (Object[] s : sent) {
                    IngestRecord[] records = (IngestRecord[]) s[1];
                    for (int i = 0; i < records.length; i++) {
                        ((Completion) s[2]).recordAcked(i, 0, i);
                    }
                }
                sent.clear();
            }
        }
    }

    private static final class CountingCompletion implements Completion {
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public void recordAcked(int index, int partition, long offset) {
            acked.incrementAndGet();
        }

        @Override
        public void recordFailed(int index, DeliveryError error) {
            failed.incrementAndGet();
        }
    }

    private IngestRing ring;

    @AfterEach
    void stop() {
        if (ring != null) {
            ring.drainAndStop(5000);
        }
    }

    private static IngestRecord[] records(int count, int valueSize) {
        IngestRecord[] records = new IngestRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new IngestRecord(null, new byte[valueSize], IngestRecord.ANY_PARTITION);
        }
        return records;
    }

    @Test
    void shouldRefuseWhenSlotsRunOutWithoutBlocking() throws InterruptedException {
        GatedSink sink = new GatedSink();
        ring = new IngestRing(4, 1 << 20, new BlockingWaitStrategy(), sink, Thread::new);
        ring.start();
        CountingCompletion completion = new CountingCompletion();
        // The first request is in the (stalled) sink and keeps its slot until send() returns;
        // three more fill the other three slots.
        assertThat(ring.tryPublish("t", records(1, 10), 10, completion)).isEqualTo(IngestRing.PublishResult.PUBLISHED);
        assertThat(sink.firstSend.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(ring.tryPublish("t", records(1, 10), 10, completion)).isEqualTo(IngestRing.PublishResult.PUBLISHED);
        }
        assertThat(ring.slotsUsed()).isEqualTo(4);
        assertThat(ring.occupancy()).isEqualTo(1.0);
        assertThat(ring.tryPublish("t", records(1, 10), 10, completion)).isEqualTo(IngestRing.PublishResult.NO_SLOT);
        assertThat(ring.budget().usedBytes()).as("a refused publish gives its bytes back").isEqualTo(40);
        sink.open.countDown();
    }

    @Test
    void shouldRefuseWhenBytesRunOutAndReleaseThemOnAck() throws InterruptedException {
        GatedSink sink = new GatedSink();
        sink.open.countDown();
        ring = new IngestRing(1024, 1000, new BlockingWaitStrategy(), sink, Thread::new);
        ring.start();
        CountingCompletion completion = new CountingCompletion();
        assertThat(ring.tryPublish("t", records(3, 200), 600, completion)).isEqualTo(IngestRing.PublishResult.PUBLISHED);
        assertThat(ring.tryPublish("t", records(3, 200), 600, completion)).isEqualTo(IngestRing.PublishResult.NO_BYTES);
        assertThat(ring.occupancy()).isEqualTo(0.6);
        org.awaitility.Awaitility.await().until(() -> {
            synchronized (sink.sent) {
                return sink.sent.size() == 1;
            }
        });
        assertThat(ring.budget().usedBytes()).as("bytes stay counted until Kafka answers").isEqualTo(600);
        sink.ackAll();
        assertThat(completion.acked.get()).isEqualTo(3);
        assertThat(ring.budget().usedBytes()).isZero();
        assertThat(ring.tryPublish("t", records(3, 200), 600, completion)).isEqualTo(IngestRing.PublishResult.PUBLISHED);
    }

    @Test
    void shouldFailEveryRecordWhenTheSinkThrows() {
        RecordSink broken = new RecordSink() {
            @Override
            public void send(String topic, IngestRecord[] records, Completion completion) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void close(Duration timeout) {
            }
        };
        ring = new IngestRing(8, 10_000, new BlockingWaitStrategy(), broken, Thread::new);
        ring.start();
        CountingCompletion completion = new CountingCompletion();
        ring.tryPublish("t", records(5, 10), 50, completion);
        org.awaitility.Awaitility.await().until(() -> completion.failed.get() == 5);
        assertThat(ring.budget().usedBytes()).isZero();
    }
}
