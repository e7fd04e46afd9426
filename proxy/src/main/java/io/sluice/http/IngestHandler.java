package io.sluice.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.sluice.admission.Admission;
import io.sluice.admission.AdmissionStats;
import io.sluice.admission.LoadShedder;
import io.sluice.admission.Pausable;
import io.sluice.admission.ReadGate;
import io.sluice.config.Tier;
import io.sluice.ring.DeliveryError;
import io.sluice.ring.IngestRecord;
import io.sluice.ring.IngestRing;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The end of the ingest pipeline: turns each complete request into records, publishes them to the
 * ring and writes the answers in request order, however the outcomes arrive.
 *
 * <p>Requests in flight on one connection are bounded by {@code max-pipelined-requests}: reaching
 * it pauses reading (through the {@link ReadGate}) until an answer goes out. One instance per
 * connection; every method runs on the connection's event loop.
 */
final class IngestHandler extends ChannelInboundHandlerAdapter implements Pausable {

    /** User event fired on every ingest connection when the gateway starts shutting down. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    /**
     * How long an idle connection stays open once the gateway drains, for a request already on its
     * way; well below any sensible shutdown-timeout, and past the latency of a loopback client.
     */
    static final long DRAIN_GRACE_MILLIS = 300;

    private final IngestServices services;
    private final ConnectionLimiter connections;
    private final RequestTimeoutHandler requestTimeout;
    /** Reader idleness: restarted here once everything read is answered, so idleness counts from then. */
    private final IdleStateHandler idle;
    private final int maxPipelined;
    private final ArrayDeque<PendingRequest> inFlight;
    private ChannelHandlerContext ctx;
    private ReadGate gate;
    /** Set once the connection will close after the answers already owed: later requests are dropped. */
    private boolean closing;
    private boolean open = true;
    /** Set once the gateway drains: the next answer closes the connection. */
    private boolean draining;
    /** Paused past max-pause: requests are judged by the hard limits only until the ring drains. */
    private boolean shedMode;
    /** Holds a reserve slot of the connection limit: serves the most important tier only. */
    private boolean reserved;

    IngestHandler(IngestServices services, ConnectionLimiter connections, RequestTimeoutHandler requestTimeout,
                  IdleStateHandler idle) {
        this.services = services;
        this.connections = connections;
        this.requestTimeout = requestTimeout;
        this.idle = idle;
        this.maxPipelined = services.server.maxPipelinedRequests();
        this.inFlight = new ArrayDeque<>(Math.min(maxPipelined, 64) + 1);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = new ReadGate(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        reserved = ConnectionLimiter.isReserved(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        try {
            requestTimeout.requestComplete();
            if (!closing) {
                accept(request);
            }
        } finally {
            request.release();
        }
    }

    private void accept(FullHttpRequest request) {
        long now = System.nanoTime();
        DecoderResult decoded = request.decoderResult();
        boolean keepAlive = decoded.isSuccess() && HttpUtil.isKeepAlive(request);
        PendingRequest pending = new PendingRequest(this, ctx.channel().eventLoop(), keepAlive, now);
        inFlight.add(pending);
        if (!keepAlive || draining) {
            closing = true;
        }
        if (decoded.isFailure()) {
            pending.response = decoderFailure(decoded.cause());
        } else {
            pending.response = publish(request, pending);
        }
        if (inFlight.size() >= maxPipelined) {
            gate.pause(ReadGate.PIPELINE_FULL, now);
        }
        if (pending.response != null) {
            writeReady();
        }
    }

    /**
     * Routes, admits, parses and publishes, in that order so that a shed request costs no parsing;
     * returns an immediate answer, or {@code null} if Kafka will answer.
     */
    private FullHttpResponse publish(FullHttpRequest request, PendingRequest pending) {
        Router.Destination destination = services.router.route(request.uri());
        pending.routeIndex = destination.routeIndex;
        if (reserved && (destination.miss != null || destination.tier.level() != 0)) {
            // A reserve slot is kept for the most important tier: whatever else comes on it is
            // answered, then the connection closes and the slot is free again.
            closing = true;
            if (destination.miss == null) {
                return refuseOnReserve(destination.tier);
            }
        }
        if (destination.miss != null) {
            switch (destination.miss) {
                case INVALID_TOPIC:
                    return error(HttpResponseStatus.BAD_REQUEST, "INVALID_TOPIC",
                            "topic names are 1 to 249 characters of [a-zA-Z0-9._-]");
                case TOPIC_NOT_ALLOWED:
                    return error(HttpResponseStatus.NOT_FOUND, "TOPIC_NOT_ALLOWED",
                            "this gateway does not serve that topic");
                default:
                    return error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such path");
            }
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "only POST is supported here");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.asciiName());
            return response;
        }
        BodyFormat format = BodyFormat.fromContentType(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (format == null) {
            return error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "supported: application/vnd.kafka.json.v2+json, application/vnd.kafka.binary.v2+json, "
                            + "application/x-ndjson, or any other type as one raw record");
        }
        Tier tier = destination.tier;
        Admission admission = services.admission;
        if (services.draining.getAsBoolean()) {
            return services.pressureAnswers.unavailable(allocator(), "SHUTTING_DOWN", DeliveryError.SHUTTING_DOWN.message());
        }
        if (shedMode && admission.shedder().belowLowWatermark()) {
            shedMode = false;
            admission.coordinator().shedModeChanged(-1);
        }
        int decision = admission.shedder().decide(tier, shedMode);
        if (decision == LoadShedder.SHED) {
            admission.stats().shed(tier.level(), AdmissionStats.ShedReason.HARD_LIMIT);
            return services.pressureAnswers.tooManyRequests(allocator(), tier, false);
        }
        if (!services.kafkaAvailable.getAsBoolean()) {
            admission.stats().shed(tier.level(), AdmissionStats.ShedReason.KAFKA_UNAVAILABLE);
            return deliveryFailure(DeliveryError.KAFKA_UNAVAILABLE);
        }
        IngestRecord[] records;
        try {
            records = services.parser.parse(format, request.content(), request.headers());
        } catch (BadRequestException e) {
            return error(e.status(), e.errorCode(), e.getMessage());
        }
        long bytes = 0;
        for (IngestRecord record : records) {
            bytes += record.sizeInBytes();
        }
        pending.expect(destination.topicJson, records.length, format.restProxyAnswer());
        IngestRing.PublishResult result = services.ring.tryPublish(destination.topic, records, bytes, pending);
        if (result != IngestRing.PublishResult.PUBLISHED) {
            admission.stats().shed(tier.level(), AdmissionStats.ShedReason.RING_FULL);
            return services.pressureAnswers.tooManyRequests(allocator(), tier, true);
        }
        admission.stats().admitted(tier.level());
        services.metrics.recordsAccepted(destination.topic, records.length);
        if (decision == LoadShedder.ADMIT_THEN_PAUSE) {
            admission.coordinator().pause(this, ctx.channel().eventLoop(), pending.startNanos);
        }
        return null;
    }

    /** 503 for a request of a lower tier on a reserve connection. */
    private FullHttpResponse refuseOnReserve(Tier tier) {
        connections.refusedForTier();
        services.admission.stats().shed(tier.level(), AdmissionStats.ShedReason.CONNECTION_LIMIT);
        return services.pressureAnswers.unavailable(allocator(), "SERVER_BUSY",
                "too many connections; connections beyond the limit serve the most important tier only");
    }

    private FullHttpResponse decoderFailure(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "URI_TOO_LONG", "the request line is too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "HEADERS_TOO_LARGE",
                    "the request headers are too large");
        }
        if (cause instanceof TooLongFrameException) {
            return error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "BODY_TOO_LARGE", "the request is too large");
        }
        return error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "the request is not valid HTTP/1.1");
    }

    /** The answer for a request none of whose records were written, all for the same reason. */
    FullHttpResponse deliveryFailure(DeliveryError error) {
        switch (error) {
            case KAFKA_UNAVAILABLE:
            case SHUTTING_DOWN:
            case TOPIC_METADATA_UNAVAILABLE:
                return services.pressureAnswers.unavailable(allocator(), error.name(), error.message());
            case RECORD_TOO_LARGE:
                return error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, error.name(), error.message());
            case UNKNOWN_TOPIC:
                return error(HttpResponseStatus.NOT_FOUND, "TOPIC_NOT_FOUND", error.message());
            case UNKNOWN_PARTITION:
                return error(HttpResponseStatus.NOT_FOUND, "PARTITION_NOT_FOUND", error.message());
            case REJECTED:
                return error(HttpResponseStatus.FORBIDDEN, "KAFKA_REJECTED", error.message());
            default:
                return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", error.message());
        }
    }

    private FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        return HttpAnswers.error(allocator(), status, code, message);
    }

    ByteBufAllocator allocator() {
        return ctx.alloc();
    }

    boolean isOpen() {
        return open;
    }

    /** Called on the event loop by a request whose outcome is known. */
    void answered(PendingRequest pending, FullHttpResponse response) {
        if (!open) {
            ReferenceCountUtil.release(response);
            return;
        }
        pending.response = response;
        writeReady();
    }

    /**
     * Writes every answer at the head of the queue that is ready, in request order. The last answer
     * owed on a closing connection (no keep-alive, timed out, or the gateway draining) says
     * {@code Connection: close} and closes the connection once written.
     */
    private void writeReady() {
        boolean wrote = false;
        boolean answered = false;
        while (open && !inFlight.isEmpty() && inFlight.peekFirst().response != null) {
            answered = true;
            PendingRequest head = inFlight.pollFirst();
            FullHttpResponse response = head.response;
            head.response = null;
            services.metrics.requestAnswered(head.routeIndex, response.status().code(), System.nanoTime() - head.startNanos);
            services.rejections.answered(response.status());
            if (head.keepAlive && !(closing && inFlight.isEmpty())) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.write(response, ctx.voidPromise());
                wrote = true;
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                wrote = false;
                open = false;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (answered && open && inFlight.isEmpty()) {
            // Nothing owed any more: the connection is idle from now, not from its last read.
            idle.resetReadTimeout();
        }
        if (open && inFlight.size() < maxPipelined && gate.resume(ReadGate.PIPELINE_FULL)) {
            requestTimeout.readsResumed();
        }
    }

    /**
     * The gateway is shutting down: take no further request on this connection, answer the ones
     * already read, then close. An idle connection closes after {@link #DRAIN_GRACE_MILLIS}.
     */
    private void drain() {
        draining = true;
        if (!inFlight.isEmpty()) {
            closing = true;
            return;
        }
        // An idle keep-alive connection may have a request on its way already: closing at once
        // would reset it unanswered. For a short grace, such a request is read and answered 503
        // SHUTTING_DOWN with Connection: close, which a client can act on.
        ctx.executor().schedule(this::closeIfIdle, DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void closeIfIdle() {
        closing = true;
        if (inFlight.isEmpty() && open) {
            open = false;
            ctx.close();
        }
    }

    @Override
    public ReadGate gate() {
        return gate;
    }

    @Override
    public void resumeFromBackpressure(boolean enterShedMode) {
        if (enterShedMode && !shedMode) {
            shedMode = true;
            services.admission.coordinator().shedModeChanged(1);
        }
        if (gate.resume(ReadGate.BACKPRESSURE)) {
            requestTimeout.readsResumed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == RequestTimeoutHandler.TIMED_OUT) {
            answerNow(false, HttpResponseStatus.REQUEST_TIMEOUT, "REQUEST_TIMEOUT",
                    "the request did not arrive completely in time");
            return;
        }
        if (evt == BoundedAggregator.TOO_LARGE || evt == BoundedAggregator.TOO_LARGE_CLOSE) {
            // The discarded body still counts against the request time-out from here on.
            requestTimeout.requestComplete();
            answerNow(evt == BoundedAggregator.TOO_LARGE, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "BODY_TOO_LARGE",
                    "the request body is larger than " + services.server.maxContentLength() + " bytes");
            return;
        }
        if (evt == DRAIN) {
            drain();
            return;
        }
        if (evt instanceof IdleStateEvent) {
            // Requests in flight (waiting for Kafka, or paused) keep the connection, however long.
            if (inFlight.isEmpty()) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Queues an answer that needs no Kafka round trip, behind the answers already owed. */
    private void answerNow(boolean keepAlive, HttpResponseStatus status, String code, String message) {
        if (closing) {
            return;
        }
        if (!keepAlive) {
            closing = true;
        }
        PendingRequest pending = new PendingRequest(this, ctx.channel().eventLoop(), keepAlive, System.nanoTime());
        pending.response = error(status, code, message);
        inFlight.add(pending);
        if (inFlight.size() >= maxPipelined) {
            gate.pause(ReadGate.PIPELINE_FULL, pending.startNanos);
        }
        writeReady();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open = false;
        services.admission.coordinator().forget(this);
        if (shedMode) {
            shedMode = false;
            services.admission.coordinator().shedModeChanged(-1);
        }
        // Answers still owed are dropped; outcomes still arriving are released in answered().
        for (PendingRequest pending : inFlight) {
            ReferenceCountUtil.release(pending.response);
            pending.response = null;
        }
        inFlight.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // I/O errors (connection reset) end the connection; nothing is logged per connection.
        ctx.close();
    }
}
