package io.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.sluice.admission.Admission;
import io.sluice.admission.LoadShedder;
import io.sluice.admission.RetryAfterPolicy;
import io.sluice.config.Tier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The answers that push a client back: {@code 429 SYSTEM_SATURATED} when its tier is being shed or
 * the ring is full, and {@code 503} when Kafka is unavailable or the gateway is stopping. Each
 * carries a jittered {@code Retry-After}, the {@code X-RateLimit-*} headers and the IETF draft
 * {@code RateLimit-Policy} / {@code RateLimit} fields.
 *
 * <p>{@code X-RateLimit-Limit} is the gateway's recent drain rate in records per second: the
 * throughput Kafka currently sustains, which is what clients share. Thread-safe and stateless;
 * randomness comes from the calling thread's {@link ThreadLocalRandom}.
 */
final class PressureAnswers {

    static final AsciiString X_RATELIMIT_LIMIT = AsciiString.cached("x-ratelimit-limit");
    static final AsciiString X_RATELIMIT_REMAINING = AsciiString.cached("x-ratelimit-remaining");
    static final AsciiString X_RATELIMIT_RESET = AsciiString.cached("x-ratelimit-reset");
    static final AsciiString RATELIMIT_POLICY = AsciiString.cached("ratelimit-policy");
    static final AsciiString RATELIMIT = AsciiString.cached("ratelimit");
    private static final AsciiString ZERO = AsciiString.cached("0");

    // The constant parts of the 429 body, before and after the back-off.
    private static final byte[] SATURATED_HEAD = head(
            "Kafka is not keeping up with the offered load; every tier is being shed. Retry after the suggested back-off.");
    private static final byte[] CONGESTED_HEAD = head(
            "Kafka is not keeping up with the offered load; lower-priority traffic is being shed. Retry after the suggested back-off.");
    private static final byte[] SATURATED_STATUS =
            JsonWriter.ascii(",\"service_health_status\":\"SATURATED\",\"active_load_shedding_tier\":");
    private static final byte[] CONGESTED_STATUS =
            JsonWriter.ascii(",\"service_health_status\":\"CONGESTED\",\"active_load_shedding_tier\":");
    private static final byte[] TIER = JsonWriter.ascii(",\"tier\":");

    private final Admission admission;
    private final LongSupplier queuedBytes;
    private final LongSupplier epochMillis;

    PressureAnswers(Admission admission, LongSupplier queuedBytes, LongSupplier epochMillis) {
        this.admission = admission;
        this.queuedBytes = queuedBytes;
        this.epochMillis = epochMillis;
    }

    /** 429 for a request of {@code tier}; {@code ringFull} when it passed its limit but found no room. */
    FullHttpResponse tooManyRequests(ByteBufAllocator alloc, Tier tier, boolean ringFull) {
        LoadShedder shedder = admission.shedder();
        int activeLevel = shedder.activeSheddingLevel(shedder.occupancy());
        if (activeLevel < 0 || ringFull) {
            // The ring refused a tier whose hard limit was not reached: every tier is affected.
            activeLevel = ringFull ? 0 : tier.level();
        }
        boolean saturated = activeLevel == 0;
        long backoff = admission.retryAfter().suggestedBackoffMillis(queuedBytes.getAsLong(),
                ThreadLocalRandom.current().nextDouble());
        long seconds = RetryAfterPolicy.retryAfterSeconds(backoff);
        ByteBuf body = alloc.buffer(256);
        body.writeBytes(saturated ? SATURATED_HEAD : CONGESTED_HEAD);
        JsonWriter.number(body, backoff);
        body.writeBytes(saturated ? SATURATED_STATUS : CONGESTED_STATUS);
        JsonWriter.number(body, activeLevel);
        body.writeBytes(TIER);
        JsonWriter.string(body, tier.name());
        body.writeByte('}');
        FullHttpResponse response = HttpAnswers.json(HttpResponseStatus.TOO_MANY_REQUESTS, body);
        rateLimitHeaders(response.headers(), tier.name(), seconds);
        return response;
    }

    private static byte[] head(String message) {
        return JsonWriter.fragment(JsonWriter.ascii("{\"error_code\":\"SYSTEM_SATURATED\",\"message\":"),
                JsonWriter.encodedString(message), JsonWriter.ascii(",\"suggested_backoff_ms\":"));
    }

    /** 503 with a short jittered Retry-After, for Kafka being away or the gateway stopping. */
    FullHttpResponse unavailable(ByteBufAllocator alloc, String code, String message) {
        RetryAfterPolicy policy = admission.retryAfter();
        long backoff = Math.min(policy.maxMillis(),
                (long) (policy.minMillis() * (1 + 2 * ThreadLocalRandom.current().nextDouble())));
        FullHttpResponse response = HttpAnswers.error(alloc, HttpResponseStatus.SERVICE_UNAVAILABLE, code, message);
        response.headers().setInt(HttpHeaderNames.RETRY_AFTER, (int) RetryAfterPolicy.retryAfterSeconds(backoff));
        return response;
    }

    private void rateLimitHeaders(HttpHeaders headers, String policy, long seconds) {
        long limit = Math.max(1, Math.round(admission.drainRate().recordsPerSecond()));
        long reset = epochMillis.getAsLong() / 1000 + seconds;
        headers.setInt(HttpHeaderNames.RETRY_AFTER, (int) seconds)
                .set(X_RATELIMIT_LIMIT, Long.toString(limit))
                .set(X_RATELIMIT_REMAINING, ZERO)
                .set(X_RATELIMIT_RESET, Long.toString(reset))
                .set(RATELIMIT_POLICY, "\"" + policy + "\";q=" + limit + ";w=1")
                .set(RATELIMIT, "\"" + policy + "\";r=0;t=" + seconds);
    }
}
