package io.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class RateLimitedLogTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(-5 * SECOND);
    private final Logger logger = (Logger) LoggerFactory.getLogger("sluice.test.RateLimitedLogTest");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private RateLimitedLog log;

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
        log = new RateLimitedLog(logger, Level.WARN, "requests refused", SECOND, clock::get);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    private String line(int index) {
        return lines.list.get(index).getFormattedMessage();
    }

    @Test
    void logsTheFirstEventAtOnceThenAtMostOncePerIntervalWithTheCount() {
        assertThat(log.record("first")).isTrue();
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(line(0)).startsWith("1 requests refused in the last").endsWith("latest: first");

        for (int i = 0; i < 500; i++) {
            clock.addAndGet(SECOND / 1000);
            assertThat(log.record("event " + i)).isFalse();
        }
        assertThat(lines.list).as("nothing within the interval").hasSize(1);

        clock.addAndGet(SECOND / 2);
        assertThat(log.record("last", new IllegalStateException("boom"))).isTrue();
        assertThat(lines.list).hasSize(2);
        assertThat(line(1)).isEqualTo("501 requests refused in the last 1000 ms; latest: last"
                + " (java.lang.IllegalStateException: boom)");
    }

    @Test
    void eventsAfterTheLastLineAreReportedByTheNextOne() {
        log.record("a");
        clock.addAndGet(SECOND / 10);
        log.record("b");
        log.record("c");
        clock.addAndGet(60 * SECOND);
        log.record("d");
        assertThat(lines.list).hasSize(2);
        assertThat(line(1)).isEqualTo("3 requests refused in the last 60100 ms; latest: d");
    }

    @Test
    void aDisabledLevelStillCountsAndWritesNothing() {
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        assertThat(log.record("quiet")).isTrue();
        assertThat(lines.list).isEmpty();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        clock.addAndGet(2 * SECOND);
        log.record("loud");
        assertThat(line(0)).startsWith("1 requests refused");
    }

    @Test
    void rejectsANonPositiveInterval() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new RateLimitedLog(logger, Level.WARN, "x", 0, clock::get))
                .hasMessage("intervalNanos: 0 (expected: > 0)");
    }
}
