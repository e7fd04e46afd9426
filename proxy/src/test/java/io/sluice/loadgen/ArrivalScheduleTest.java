package io.sluice.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    @Test
    void spacesRequestsEvenlyFromTheStart() {
        ArrivalSchedule schedule = new ArrivalSchedule(1_000, 4, 0, 1);
        assertThat(schedule.dueAt(0)).isEqualTo(1_000);
        assertThat(schedule.dueAt(1)).isEqualTo(1_000 + 250_000_000L);
        assertThat(schedule.dueAt(4)).isEqualTo(1_000 + 1_000_000_000L);
    }

    @Test
    void roundingDoesNotAccumulate() {
        // 3 per second: intervals of 333,333,333.3 ns; after an hour the schedule is still exact.
        ArrivalSchedule schedule = new ArrivalSchedule(0, 3, 0, 3600);
        assertThat(schedule.dueAt(1)).isEqualTo(333_333_333L);
        assertThat(schedule.dueAt(2)).isEqualTo(666_666_667L);
        assertThat(schedule.dueAt(3 * 3600)).isEqualTo(3600L * 1_000_000_000L);
        for (long i = 1; i < 1000; i++) {
            assertThat(schedule.dueAt(i) - schedule.dueAt(i - 1)).as("interval before request %d", i)
                    .isBetween(333_333_333L, 333_333_334L);
        }
    }

    @Test
    void warmUpComesFirstAndIsNotMeasured() {
        ArrivalSchedule schedule = new ArrivalSchedule(-500, 6500.5, 2, 15);
        assertThat(schedule.warmUpCount()).isEqualTo(13_001);
        assertThat(schedule.count()).isEqualTo(13_001 + 97_508);
        assertThat(schedule.measuredFromNanos()).isEqualTo(schedule.dueAt(13_001));
        assertThat(schedule.dueAt(13_000)).isLessThan(schedule.measuredFromNanos());
    }

    @Test
    void worksAcrossTheSignChangeOfNanoTime() {
        ArrivalSchedule schedule = new ArrivalSchedule(Long.MAX_VALUE - 500_000_000L, 1, 0, 2);
        assertThat(schedule.dueAt(1) - schedule.dueAt(0)).isEqualTo(1_000_000_000L);
    }

    @Test
    void rejectsRatesAndDurationsThatMakeNoSchedule() {
        assertThatThrownBy(() -> new ArrivalSchedule(0, 0, 0, 1)).hasMessageContaining("perSecond: 0.0");
        assertThatThrownBy(() -> new ArrivalSchedule(0, Double.NaN, 0, 1)).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> new ArrivalSchedule(0, 10, -1, 1)).hasMessageContaining("warmUpSeconds: -1.0");
        assertThatThrownBy(() -> new ArrivalSchedule(0, 10, 0, 0)).hasMessageContaining("measuredSeconds: 0.0");
    }
}
