package io.sluice.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.sluice.config.LoggingSettings;
import java.util.Iterator;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code sluice.logging.format} at start-up: {@code json} swaps the encoder of every
 * stream appender on the root logger (standard output, by the bundled logback.xml) for logback's
 * own {@link JsonEncoder}, one JSON object per line (timestamp, level, thread, logger, MDC, the
 * formatted message, any throwable); {@code text} leaves the configured pattern.
 * Called once by the main thread, before the gateway starts; stateless.
 */
final class LogFormat {

    private LogFormat() {
    }

    /** Returns whether the layout was changed. */
    static boolean apply(LoggingSettings settings) {
        if (settings.format() != LoggingSettings.Format.JSON) {
            return false;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext)) {
            // Another SLF4J binding on the class path: it has its own configuration.
            LoggerFactory.getLogger(LogFormat.class).warn("sluice.logging.format = json needs logback; found {}",
                    factory.getClass().getName());
            return false;
        }
        LoggerContext context = (LoggerContext) factory;
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        boolean changed = false;
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof OutputStreamAppender) {
                OutputStreamAppender<ILoggingEvent> stream = (OutputStreamAppender<ILoggingEvent>) appender;
                JsonEncoder encoder = new JsonEncoder();
                encoder.setContext(context);
                // The rendered message is what collectors index; the template, its arguments and
                // logback's own context would only repeat it on every line.
                encoder.setWithFormattedMessage(true);
                encoder.setWithMessage(false);
                encoder.setWithArguments(false);
                encoder.setWithContext(false);
                encoder.start();
                stream.stop();
                stream.setEncoder(encoder);
                stream.start();
                changed = true;
            }
        }
        return changed;
    }
}
