package io.sluice.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * Looks at each request head as it leaves the decoder, in order with the connection's other
 * messages:
 * <ul>
 *   <li>it tells the {@link RequestTimeoutHandler} that a request has begun, so that a request whose
 *       head arrived in the same read as the end of the previous one is timed too (the time-out
 *       handler only sees reads, and that read had already counted for the previous request);</li>
 *   <li>it marks as undecodable a request in a protocol version other than HTTP/1.x, or with a
 *       transfer coding other than plain {@code chunked}: Sluice cannot decode gzip or other codings
 *       and would otherwise store the still-encoded bytes as the record. The ingest handler answers
 *       such a request 400 and closes the connection, as for any request it cannot frame.</li>
 * </ul>
 * One instance per connection (it holds that connection's time-out handler); event loop only.
 */
final class RequestHeadCheck extends ChannelInboundHandlerAdapter {

    private final RequestTimeoutHandler requestTimeout;

    RequestHeadCheck(RequestTimeoutHandler requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            HttpRequest request = (HttpRequest) msg;
            requestTimeout.requestStarted();
            if (request.decoderResult().isSuccess()) {
                String problem = problem(request);
                if (problem != null) {
                    request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static String problem(HttpRequest request) {
        if (request.protocolVersion().majorVersion() != 1) {
            return "unsupported protocol version";
        }
        if (!request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null; // the common case: no list is built per request
        }
        List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        for (String header : codings) {
            for (String coding : header.split(",")) {
                String name = coding.trim();
                if (!name.isEmpty() && !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(name)) {
                    return "unsupported transfer coding";
                }
            }
        }
        return null;
    }
}
