package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.sluice.config.SluiceSettings;
import io.sluice.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code sluice.logging.format}; puts the test JVM's own console encoders back afterwards. */
class LogFormatTest {

    @Test
    void textLeavesTheConfiguredLayoutAlone() {
        SluiceSettings settings = TestGateway.settings("127.0.0.1:1");
        assertThat(LogFormat.apply(settings.logging())).isFalse();
    }

    @Test
    void jsonWritesOneJsonObjectPerEventToStandardOutput() {
        SluiceSettings settings = TestGateway.settings("127.0.0.1:1", "sluice.logging.format = json");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<OutputStreamAppender<ILoggingEvent>> streams = new ArrayList<>();
        List<Encoder<ILoggingEvent>> original = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof OutputStreamAppender) {
                OutputStreamAppender<ILoggingEvent> stream = (OutputStreamAppender<ILoggingEvent>) appender;
                streams.add(stream);
                original.add(stream.getEncoder());
            }
        }
        assertThat(streams).as("logback-test.xml has a console appender").isNotEmpty();
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(LogFormat.apply(settings.logging())).isTrue();
            LoggerFactory.getLogger("sluice.test.json").warn("ring at {}", 0.97);
        } finally {
            System.setOut(stdout);
            for (int i = 0; i < streams.size(); i++) {
                streams.get(i).stop();
                streams.get(i).setEncoder(original.get(i));
                streams.get(i).start();
            }
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("sluice.test.json")).findFirst().orElseThrow();
        assertThat(line).startsWith("{").endsWith("}")
                .contains("\"level\":\"WARN\"")
                .contains("\"loggerName\":\"sluice.test.json\"")
                .contains("\"formattedMessage\":\"ring at 0.97\"")
                .doesNotContain("\"context\"");
    }
}
