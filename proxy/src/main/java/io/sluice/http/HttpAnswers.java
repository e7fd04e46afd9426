package io.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds Sluice's JSON answers. Every error carries {@code error_code} and {@code message}; no
 * answer ever carries a stack trace or class name. Stateless; buffers come from the caller's
 * allocator and belong to the returned response.
 *
 * <p>The answers' headers skip Netty's per-header validation: their names are constants, and their
 * values are constants, numbers, or tier names that the configuration checks at start-up (see
 * {@code TierSettings}). Nothing a client sends is copied into them. Request headers are still
 * validated by the decoder.
 */
public final class HttpAnswers {

    private static final byte[] ERROR_CODE = JsonWriter.ascii("{\"error_code\":");
    private static final byte[] MESSAGE = JsonWriter.ascii(",\"message\":");

    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private HttpAnswers() {
    }

    /** {@code {"error_code": code, "message": message}} with {@code status}. */
    public static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String code, String message) {
        ByteBuf body = alloc.buffer(64 + message.length());
        body.writeBytes(ERROR_CODE);
        JsonWriter.string(body, code);
        body.writeBytes(MESSAGE);
        JsonWriter.string(body, message);
        body.writeByte('}');
        return json(status, body);
    }

    /**
     * A response with a JSON body and its length set; the caller adds connection headers, which
     * must be constants or numbers like the rest (the headers are not validated).
     */
    public static FullHttpResponse json(HttpResponseStatus status, ByteBuf body) {
        // Answers have a Content-Length and never trailers: they share the immutable empty trailers.
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body,
                HEADERS.newHeaders(), EmptyHttpHeaders.INSTANCE);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }
}
