package io.sluice.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Collects a request's body up to {@code max-content-length} and no further. An oversized request
 * is answered 413 in order with the connection's other answers (through {@link #TOO_LARGE} and
 * {@link #TOO_LARGE_CLOSE}, handled by the ingest handler); the rest of its body is discarded
 * without being kept. For {@code Expect: 100-continue} the refusal comes before the body is sent.
 * One instance per connection.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    /** Oversized request on a keep-alive connection: answer 413 and keep reading. */
    static final Object TOO_LARGE = new Object() {
        @Override
        public String toString() {
            return "BODY_TOO_LARGE";
        }
    };

    /** Oversized request that cannot be skipped: answer 413 and close. */
    static final Object TOO_LARGE_CLOSE = new Object() {
        @Override
        public String toString() {
            return "BODY_TOO_LARGE_CLOSE";
        }
    };

    BoundedAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (!(oversized instanceof HttpRequest)) {
            ctx.close();
            return;
        }
        // A body already received whole, or one the client will send without being asked and
        // without keep-alive, cannot be skipped cleanly: answer, then close.
        boolean skippable = !(oversized instanceof io.netty.handler.codec.http.FullHttpMessage)
                && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
        ctx.fireUserEventTriggered(skippable ? TOO_LARGE : TOO_LARGE_CLOSE);
        if (oversized instanceof io.netty.handler.codec.http.FullHttpMessage) {
            ReferenceCountUtil.release(oversized);
        }
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(response instanceof FullHttpResponse)) {
            return response;
        }
        FullHttpResponse plain = (FullHttpResponse) response;
        HttpResponseStatus status = plain.status();
        if (status.code() == HttpResponseStatus.CONTINUE.code()) {
            return response;
        }
        // Same decision as Netty's, with Sluice's JSON body instead of an empty one.
        ByteBufAllocator alloc = pipeline.channel().alloc();
        FullHttpResponse json = status.code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()
                ? HttpAnswers.error(alloc, status, "BODY_TOO_LARGE", "the request body is larger than " + maxContentLength + " bytes")
                : HttpAnswers.error(alloc, status, "EXPECTATION_FAILED", "only Expect: 100-continue is supported");
        json.headers().set(HttpHeaderNames.CONNECTION, plain.headers().contains(HttpHeaderNames.CONNECTION)
                ? plain.headers().get(HttpHeaderNames.CONNECTION) : HttpHeaderValues.KEEP_ALIVE);
        ReferenceCountUtil.release(plain);
        return json;
    }
}
