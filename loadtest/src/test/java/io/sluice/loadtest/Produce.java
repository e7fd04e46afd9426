package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The produce requests the simulations send, and the session attributes their checks leave behind.
 *
 * <p>{@code -Dformat=raw} (default) sends one record per request as {@code text/plain};
 * {@code -Dformat=json} sends {@code -Dbatch} records (default 1) as a REST Proxy v2 JSON body.
 * Every record value is {@code -Drecord.bytes} long (default 256). Immutable; safe from any thread.
 */
final class Produce {

    static final String STATUS = "status";
    static final String RESPONSE_MILLIS = "responseMillis";
    static final String RETRY_AFTER = "retryAfter";
    static final String NAME = "requestName";

    /** Requests sent while the load ramps up; simulations judge the other ones. */
    static final String WARM_UP = "warm-up";
    static final String PRODUCE = "produce";

    static final String RAW_TYPE = "text/plain";
    static final String JSON_TYPE = "application/vnd.kafka.json.v2+json";

    private final String contentType;
    private final byte[] body;
    private final int recordsPerRequest;

    private Produce(String contentType, byte[] body, int recordsPerRequest) {
        this.contentType = contentType;
        this.body = body;
        this.recordsPerRequest = recordsPerRequest;
    }

    /** The request shape chosen by {@code -Dformat}, {@code -Dbatch} and {@code -Drecord.bytes}. */
    static Produce fromProperties() {
        int recordBytes = LoadConfig.positiveInt("record.bytes", 256);
        String format = LoadConfig.string("format", "raw");
        return switch (format) {
            case "raw" -> new Produce(RAW_TYPE, "x".repeat(recordBytes).getBytes(StandardCharsets.US_ASCII), 1);
            case "json" -> {
                int batch = LoadConfig.positiveInt("batch", 1);
                yield new Produce(JSON_TYPE, restProxyBody(batch, recordBytes), batch);
            }
            default -> throw new IllegalArgumentException("-Dformat=" + format + " (expected: raw or json)");
        };
    }

    /** {@code {"records":[{"value":"xxx…"},…]}}: each value a JSON string of {@code recordBytes} bytes in all. */
    static byte[] restProxyBody(int records, int recordBytes) {
        String value = "\"" + "x".repeat(Math.max(0, recordBytes - 2)) + "\"";
        StringBuilder json = new StringBuilder(16 + records * (recordBytes + 12)).append("{\"records\":[");
        for (int i = 0; i < records; i++) {
            json.append(i == 0 ? "" : ",").append("{\"value\":").append(value).append('}');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    int recordsPerRequest() {
        return recordsPerRequest;
    }

    /**
     * One produce request named {@code name} to {@code path}. Its checks save the status, the
     * response time and any Retry-After, and accept only the statuses in {@code accepted}.
     */
    HttpRequestActionBuilder request(String name, String path, Integer... accepted) {
        return request(session -> name, path, accepted);
    }

    /** As {@link #request(String, String, Integer...)}, with the name chosen per request. */
    HttpRequestActionBuilder request(Function<Session, String> name, String path, Integer... accepted) {
        return http(name).post(path)
                .header("Content-Type", contentType)
                .body(ByteArrayBody(body))
                .check(
                        status().saveAs(STATUS),
                        responseTimeInMillis().saveAs(RESPONSE_MILLIS),
                        header("Retry-After").optional().saveAs(RETRY_AFTER),
                        status().in(accepted));
    }

    /**
     * Gatling's HTTP settings for the gateway: no warm-up request to an outside site, and, with
     * {@code shared}, one connection pool for all virtual users (many requests per connection, as
     * service clients behave) instead of a connection per virtual user. That pool opens a connection
     * whenever none is idle, without limit: once answers slow down, connections pile up until the
     * gateway's {@code max-connections}, and the gateway answers further ones 503 (SERVER_BUSY).
     */
    static HttpProtocolBuilder protocol(boolean shared) {
        HttpProtocolBuilder protocol = http.baseUrl(LoadConfig.url()).disableWarmUp().disableCaching()
                .userAgentHeader("sluice-loadtest");
        return shared ? protocol.shareConnections() : protocol;
    }

    /** The HTTP status the last request got, or -1 when it got no answer (connect error, time-out). */
    static int statusOf(Session session) {
        return session.contains(STATUS) ? session.getInt(STATUS) : -1;
    }

    static long responseMillisOf(Session session) {
        return session.contains(RESPONSE_MILLIS) ? session.getLong(RESPONSE_MILLIS) : -1;
    }

    /** Retry-After in milliseconds, or 0 when the answer had none (or an unreadable one). */
    static long retryAfterMillis(Session session) {
        if (!session.contains(RETRY_AFTER)) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(session.getString(RETRY_AFTER).trim())) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Forgets the last answer, so that a retry loop never reads a stale one. */
    static Session forgetAnswer(Session session) {
        return session.remove(STATUS).remove(RESPONSE_MILLIS).remove(RETRY_AFTER);
    }
}
