package io.sluice.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.sluice.config.AdminSettings;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The operations port: health, readiness, status and metrics, never mixed with ingest traffic.
 * Runs on its own single event loop so that a saturated ingest side cannot starve a probe.
 */
final class AdminServer {

    private static final int MAX_ADMIN_REQUEST = 8 * 1024;

    private final AdminSettings settings;
    private final Transport transport;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup group;
    private final GatewayServer gateway;
    private Channel channel;

    AdminServer(AdminSettings settings, Transport transport, EventLoopGroup acceptGroup, GatewayServer gateway) {
        this.settings = settings;
        this.transport = transport;
        this.acceptGroup = acceptGroup;
        this.group = transport.newGroup(1, "sluice-admin");
        this.gateway = gateway;
    }

    void bind() {
        AdminHandler handler = new AdminHandler(gateway);
        channel = new ServerBootstrap()
                .group(acceptGroup, group)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(MAX_ADMIN_REQUEST))
                                .addLast(handler);
                    }
                })
                .bind(settings.host(), settings.port()).syncUninterruptibly().channel();
    }

    SocketAddress localAddress() {
        return channel.localAddress();
    }

    /** The admin event loop; scheduled work that must not compete with ingest traffic runs here. */
    EventLoopGroup group() {
        return group;
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 500, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
