package io.sluice.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.metrics.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs refused and failed requests in aggregate, at most one line per second per kind (shed,
 * unavailable, invalid, failed), never a line per request. Thread-safe; shared by all connections.
 */
final class RejectionLog {

    private static final Logger log = LoggerFactory.getLogger(RejectionLog.class);

    private final RateLimitedLog shed = RateLimitedLog.perSecond(log, Level.INFO, "requests shed with 429");
    private final RateLimitedLog unavailable = RateLimitedLog.perSecond(log, Level.WARN, "requests answered 503");
    private final RateLimitedLog invalid = RateLimitedLog.perSecond(log, Level.INFO, "requests refused as invalid (4xx)");
    private final RateLimitedLog failed = RateLimitedLog.perSecond(log, Level.WARN, "requests failed (5xx)");

    /** Counts an answer with {@code status}; 2xx and 1xx are not rejections. No allocation. */
    void answered(HttpResponseStatus status) {
        int code = status.code();
        if (code < 400) {
            return;
        }
        if (code == 429) {
            shed.record(status);
        } else if (code == 503) {
            unavailable.record(status);
        } else if (code < 500) {
            invalid.record(status);
        } else {
            failed.record(status);
        }
    }
}
