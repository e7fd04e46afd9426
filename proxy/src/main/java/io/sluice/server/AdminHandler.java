package io.sluice.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.http.HttpAnswers;
import io.sluice.admission.Admission;
import io.sluice.admission.AdmissionStats;
import io.sluice.admission.BackpressureCoordinator;
import io.sluice.admission.LoadShedder;
import io.sluice.admission.PressureState;
import io.sluice.config.Tier;
import io.sluice.metrics.GatewayMetrics;
import io.sluice.metrics.RateLimitedLog;
import io.sluice.ring.IngestRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Answers the operations endpoints: {@code /health} (the process is alive), {@code /ready} (it
 * takes traffic: Kafka reachable, not draining), {@code /status} (a JSON snapshot of pressure) and
 * {@code /metrics} (every meter, Prometheus text format).
 * Shared by all admin connections; reads only thread-safe gateway state.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final GatewayServer gateway;
    private final RateLimitedLog scrapeFailures = RateLimitedLog.perSecond(
            LoggerFactory.getLogger(AdminHandler.class), Level.WARN, "metrics scrapes failed");

    AdminHandler(GatewayServer gateway) {
        this.gateway = gateway;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        String path = request.uri();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            response = HttpAnswers.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "only GET is supported here");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            switch (path) {
                case "/health":
                    response = text(ctx, HttpResponseStatus.OK, "{\"status\":\"UP\"}");
                    break;
                case "/ready":
                    response = gateway.isReady()
                            ? text(ctx, HttpResponseStatus.OK, "{\"ready\":true}")
                            : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, gateway.isDraining()
                                    ? "{\"ready\":false,\"reason\":\"DRAINING\"}"
                                    : "{\"ready\":false,\"reason\":\"KAFKA_UNAVAILABLE\"}");
                    break;
                case "/status":
                    response = text(ctx, HttpResponseStatus.OK, status());
                    break;
                case "/metrics":
                    response = metrics(ctx);
                    break;
                default:
                    response = HttpAnswers.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "NOT_FOUND",
                            "try /health, /ready, /status or /metrics");
            }
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (HttpMethod.HEAD.equals(request.method())) {
            response.content().clear();
        }
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private String status() {
        IngestRing ring = gateway.ring();
        Admission admission = gateway.admission();
        LoadShedder shedder = admission.shedder();
        double occupancy = ring.occupancy();
        BackpressureCoordinator coordinator = admission.coordinator();
        PressureState state = shedder.state(occupancy, coordinator.pausedConnections() > 0);
        int shedding = shedder.activeSheddingLevel(occupancy);
        StringBuilder json = new StringBuilder(512);
        json.append("{\"state\":\"").append(state).append('"')
                .append(",\"service_health_status\":\"").append(state.healthStatus()).append('"')
                .append(",\"ready\":").append(gateway.isReady())
                .append(",\"draining\":").append(gateway.isDraining())
                .append(",\"kafka_available\":").append(gateway.kafkaHealth().isAvailable())
                .append(",\"occupancy\":").append(String.format(Locale.ROOT, "%.4f", occupancy))
                .append(",\"slots_used\":").append(ring.slotsUsed())
                .append(",\"slots\":").append(ring.slots())
                .append(",\"bytes_used\":").append(ring.budget().usedBytes())
                .append(",\"max_bytes\":").append(ring.budget().maxBytes())
                .append(",\"paused_connections\":").append(coordinator.pausedConnections())
                .append(",\"shed_mode_connections\":").append(coordinator.shedModeConnections())
                .append(",\"active_load_shedding_tier\":").append(shedding < 0 ? "null" : Integer.toString(shedding))
                .append(",\"drain_rate_bytes_per_second\":").append(Math.round(admission.drainRate().bytesPerSecond()))
                .append(",\"drain_rate_records_per_second\":").append(Math.round(admission.drainRate().recordsPerSecond()))
                .append(",\"connections_active\":").append(gateway.connections().activeConnections())
                .append(",\"connections_rejected\":").append(gateway.connections().rejectedConnections())
                .append(",\"tiers\":[");
        AdmissionStats stats = admission.stats();
        for (int level = 0; level < shedder.tierCount(); level++) {
            Tier tier = shedder.tierAtLevel(level);
            json.append(level == 0 ? "" : ",")
                    .append("{\"name\":\"").append(tier.name()).append('"')
                    .append(",\"level\":").append(level)
                    .append(",\"hard_limit\":").append(tier.hardLimit())
                    .append(",\"shedding\":").append(occupancy >= tier.hardLimit())
                    .append(",\"admitted\":").append(stats.admittedTotal(level))
                    .append(",\"shed\":{");
            AdmissionStats.ShedReason[] reasons = AdmissionStats.ShedReason.values();
            for (int r = 0; r < reasons.length; r++) {
                json.append(r == 0 ? "" : ",").append('"').append(reasons[r].name().toLowerCase(Locale.ROOT))
                        .append("\":").append(stats.shedTotal(level, reasons[r]));
            }
            json.append("}}");
        }
        return json.append("]}").toString();
    }

    /** Every meter in the Prometheus text format, written straight into the response buffer. */
    private FullHttpResponse metrics(ChannelHandlerContext ctx) {
        ByteBuf body = ctx.alloc().buffer(64 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            gateway.metrics().scrape(out);
        } catch (IOException | RuntimeException e) {
            body.release();
            scrapeFailures.record("/metrics", e);
            return HttpAnswers.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                    "the metrics could not be rendered; see the gateway's log");
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String json) {
        ByteBuf body = ctx.alloc().buffer(json.length());
        body.writeCharSequence(json, StandardCharsets.UTF_8);
        return HttpAnswers.json(status, body);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
