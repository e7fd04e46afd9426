package io.sluice.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixedRateReportTest {

    @Test
    void summaryLineHasEveryCountAndLatenciesInMilliseconds() {
        FixedRateReport report = new FixedRateReport(6500, 64, 5, 15);
        report.scheduled = 104;
        report.dropped = 1;
        report.errors = 1;
        report.unanswered = 1;
        for (int i = 1; i <= 100; i++) {
            report.recordSent(i * 1_000L); // 1 to 100 µs late
            report.recordAnswer(200, i * 100_000L, i * 50_000L); // 0.1 to 10 ms, half of it after the write
        }
        report.recordAnswer(429, 2_000_000_000L, 2_000_000_000L);
        report.cpuNanos = 2_080_000;
        report.queueMax = 17;

        // Percentiles are the top of each value's histogram bucket: within 0.1 % (3 significant digits).
        assertThat(report.summaryLine()).isEqualTo("fixed-rate: rate=6500.0 connections=64 warmup_s=5 duration_s=15"
                + " scheduled=104 sent=100 ok=100 non2xx=1 errors=1 dropped=1 unanswered=1 reconnects=0 queue_max=17"
                + " p50_ms=5.103 p90_ms=9.103 p99_ms=10.007 p999_ms=2000.895 max_ms=2000.895"
                + " lag_p99_ms=0.099 lag_max_ms=0.100 service_p50_ms=2.551 service_p99_ms=5.003"
                + " cpu_us_per_request=20.0");
        assertThat(report.outstanding()).isZero();
    }

    @Test
    void saysNotApplicableWhenNothingWasAnswered() {
        FixedRateReport report = new FixedRateReport(0.5, 1, 0, 2.5);
        report.scheduled = 1;
        report.unanswered = 1;
        assertThat(report.summaryLine())
                .contains("rate=0.5 ", "warmup_s=0 ", "duration_s=2.5 ")
                .contains("p50_ms=n/a ", "max_ms=n/a ", "lag_p99_ms=n/a ", "cpu_us_per_request=n/a");
    }

    @Test
    void clampsLatenciesOutsideTheHistogramsRange() {
        FixedRateReport report = new FixedRateReport(1, 1, 0, 1);
        report.recordAnswer(200, Long.MAX_VALUE, Long.MAX_VALUE);
        report.recordSent(-5);
        assertThat(report.latencyMicros.getMaxValue())
                .isGreaterThanOrEqualTo(FixedRateReport.MAX_MICROS).isLessThan(FixedRateReport.MAX_MICROS * 2);
        assertThat(report.lagMicros.getMaxValue()).isZero();
    }
}
