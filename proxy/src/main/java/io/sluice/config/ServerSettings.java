package io.sluice.config;

import java.time.Duration;

/** The ingest port's settings ({@code sluice.server}). Immutable and thus safe to share between threads. */
public final class ServerSettings {

    /** Which socket transport to use. */
    public enum Transport { AUTO, EPOLL, NIO }

    private final String host;
    private final int port;
    private final int maxConnections;
    private final int reservedConnections;
    private final int maxContentLength;
    private final int maxPipelinedRequests;
    private final int maxInitialLineLength;
    private final int maxHeaderSize;
    private final int maxRecordsPerRequest;
    private final int maxJsonNestingDepth;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final Duration shutdownTimeout;
    private final int socketReceiveBuffer;
    private final int ioThreads;
    private final Transport transport;

    ServerSettings(ConfigReader in) {
        host = in.string("host");
        port = in.integer("port", 0, 65535);
        maxConnections = in.integer("max-connections", 1, 1_000_000);
        reservedConnections = in.integer("reserved-connections", 0, 1_000_000);
        maxContentLength = (int) in.bytes("max-content-length", 1, Integer.MAX_VALUE - 1);
        maxPipelinedRequests = in.integer("max-pipelined-requests", 1, 1024);
        maxInitialLineLength = (int) in.bytes("max-initial-line-length", 64, 1 << 20);
        maxHeaderSize = (int) in.bytes("max-header-size", 256, 1 << 20);
        maxRecordsPerRequest = in.integer("max-records-per-request", 1, 1_000_000);
        maxJsonNestingDepth = in.integer("max-json-nesting-depth", 2, 1000);
        requestTimeout = in.duration("request-timeout", Duration.ofMillis(100));
        idleTimeout = in.duration("idle-timeout", Duration.ofMillis(100));
        shutdownTimeout = in.duration("shutdown-timeout", Duration.ZERO);
        socketReceiveBuffer = (int) in.bytes("socket-receive-buffer", 0, 1 << 30);
        ioThreads = in.integer("io-threads", 0, 1024);
        transport = in.choice("transport", Transport.class);
    }

    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one (tests). */
    public int port() {
        return port;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Connections accepted beyond {@link #maxConnections()} for requests of the most important tier
     * only; 0 disables the reserve.
     */
    public int reservedConnections() {
        return reservedConnections;
    }

    public int maxContentLength() {
        return maxContentLength;
    }

    public int maxPipelinedRequests() {
        return maxPipelinedRequests;
    }

    public int maxInitialLineLength() {
        return maxInitialLineLength;
    }

    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    public int maxRecordsPerRequest() {
        return maxRecordsPerRequest;
    }

    public int maxJsonNestingDepth() {
        return maxJsonNestingDepth;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** SO_RCVBUF in bytes, or 0 to keep the kernel's default. */
    public int socketReceiveBuffer() {
        return socketReceiveBuffer;
    }

    /** Event-loop threads, or 0 for one per core. */
    public int ioThreads() {
        return ioThreads;
    }

    public Transport transport() {
        return transport;
    }
}
