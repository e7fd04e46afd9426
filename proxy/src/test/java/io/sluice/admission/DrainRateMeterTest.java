package io.sluice.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DrainRateMeterTest {

    private long bytes;
    private long records;

    @Test
    void convergesToTheSteadyRate() {
        long now = 0;
        DrainRateMeter meter = new DrainRateMeter(() -> bytes, () -> records, now);
        for (int i = 0; i < 50; i++) {
            now += 100_000_000L; // 100 ms
            bytes += 100_000; // 1 MB/s
            records += 100; // 1000 records/s
            meter.sample(now);
        }
        assertThat(meter.bytesPerSecond()).isCloseTo(1_000_000, within(1000.0));
        assertThat(meter.recordsPerSecond()).isCloseTo(1000, within(1.0));
    }

    @Test
    void fallsTowardZeroWhenDrainingStops() {
        long now = 0;
        DrainRateMeter meter = new DrainRateMeter(() -> bytes, () -> records, now);
        for (int i = 0; i < 20; i++) {
            now += 100_000_000L;
            bytes += 100_000;
            meter.sample(now);
        }
        double before = meter.bytesPerSecond();
        for (int i = 0; i < 20; i++) {
            now += 100_000_000L;
            meter.sample(now);
        }
        assertThat(meter.bytesPerSecond()).isLessThan(before * 0.02);
    }

    @Test
    void ignoresSamplesWithoutElapsedTime() {
        DrainRateMeter meter = new DrainRateMeter(() -> bytes, () -> records, 5);
        bytes = 1000;
        meter.sample(5);
        assertThat(meter.bytesPerSecond()).isZero();
    }
}
