package io.sluice.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the load generator for a fraction of a second against small in-process servers. Judges
 * only counts, which do not depend on timing: the rates are far below what either side handles,
 * and the drain time-out is long.
 */
class FixedRateLoadTest {

    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stopServer() {
        serverGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void everyRequestDueIsSentAndAnsweredOnKeepAliveConnections() throws Exception {
        String url = serve(() -> new Answering(false));
        FixedRateReport report = FixedRateLoad.run(FixedRateOptions.parse("--url", url, "--rate", "200",
                "--warmup", "0.1", "--duration", "0.3", "--connections", "4", "--drain-timeout", "30"));

        assertThat(report.scheduled).as("0.3 s at 200/s, warm-up excluded").isEqualTo(60);
        assertThat(report.sent).isEqualTo(60);
        assertThat(report.ok).isEqualTo(60);
        assertThat(report.non2xx + report.errors + report.dropped + report.unanswered + report.reconnects).isZero();
        assertThat(report.latencyMicros.getTotalCount()).isEqualTo(60);
        assertThat(report.lagMicros.getTotalCount()).isEqualTo(60);
    }

    @Test
    void connectsAgainWhenTheServerClosesAfterAnAnswer() throws Exception {
        String url = serve(() -> new Answering(true));
        FixedRateReport report = FixedRateLoad.run(FixedRateOptions.parse("--url", url, "--rate", "200",
                "--warmup", "0", "--duration", "0.2", "--connections", "2", "--drain-timeout", "30"));

        assertThat(report.ok).as("every request answered, each on a fresh connection").isEqualTo(40);
        assertThat(report.errors + report.dropped + report.unanswered).isZero();
        assertThat(report.reconnects).as("one per answer that said Connection: close").isGreaterThanOrEqualTo(38);
    }

    @Test
    void requestsThatFindEveryConnectionBusyQueueUpToTheBoundThenAreDropped() throws Exception {
        String url = serve(Silent::new);
        FixedRateReport report = FixedRateLoad.run(FixedRateOptions.parse("--url", url, "--rate", "1000",
                "--warmup", "0", "--duration", "0.1", "--connections", "2", "--queue", "2", "--drain-timeout", "0"));

        assertThat(report.scheduled).isEqualTo(100);
        assertThat(report.sent).as("one on each connection").isEqualTo(2);
        assertThat(report.unanswered).as("the two in flight and the two queued").isEqualTo(4);
        assertThat(report.dropped).isEqualTo(96);
        assertThat(report.queueMax).isEqualTo(2);
        assertThat(report.ok + report.non2xx + report.errors).isZero();
        assertThat(report.summaryLine()).contains(" dropped=96 ", " p99_ms=n/a ");
    }

    private String serve(Supplier<ChannelHandler> handler) {
        Channel server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), handler.get());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/topics/t";
    }

    /** Answers 200 to each complete request, optionally closing the connection after it. */
    private static final class Answering extends SimpleChannelInboundHandler<HttpObject> {
        private final boolean close;

        Answering(boolean close) {
            this.close = close;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof LastHttpContent) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(new byte[] {'{', '}'}));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
                if (close) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.writeAndFlush(response);
                }
            }
        }
    }

    /** Reads requests and never answers. */
    private static final class Silent extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
