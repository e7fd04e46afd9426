package io.sluice.server;

import io.sluice.config.ServerSettings;
import io.sluice.config.SluiceSettings;

/**
 * The most memory Sluice's own buffers can hold under the configured limits, whatever the load:
 * <pre>
 *   ring.max-bytes                                   record payloads admitted and not yet acknowledged
 *                                                    (in the ring, or serialized in the producer)
 * + max-connections x (max-content-length + 64 KiB)  one request body being aggregated per connection,
 *                                                    plus one decoded read held by the flow-control handler
 * + io-threads x 2 x max-content-length              a request being parsed on each event loop
 * </pre>
 * Kernel socket buffers, Netty's pool caches and the JVM itself come on top. Immutable.
 */
final class MemoryBound {

    private static final long PER_CONNECTION_READ = 64 * 1024;

    private final long ringBytes;
    private final long aggregationBytes;
    private final long parsingBytes;

    private MemoryBound(long ringBytes, long aggregationBytes, long parsingBytes) {
        this.ringBytes = ringBytes;
        this.aggregationBytes = aggregationBytes;
        this.parsingBytes = parsingBytes;
    }

    static MemoryBound of(SluiceSettings settings) {
        ServerSettings server = settings.server();
        int threads = server.ioThreads() > 0 ? server.ioThreads() : Runtime.getRuntime().availableProcessors();
        return new MemoryBound(
                settings.ring().maxBytes(),
                (long) server.maxConnections() * (server.maxContentLength() + PER_CONNECTION_READ),
                2L * threads * server.maxContentLength());
    }

    long ringBytes() {
        return ringBytes;
    }

    long aggregationBytes() {
        return aggregationBytes;
    }

    long parsingBytes() {
        return parsingBytes;
    }

    long totalBytes() {
        return ringBytes + aggregationBytes + parsingBytes;
    }

    @Override
    public String toString() {
        return "ring " + (ringBytes >> 20) + " MiB + aggregation " + (aggregationBytes >> 20)
                + " MiB + parsing " + (parsingBytes >> 20) + " MiB = " + (totalBytes() >> 20) + " MiB";
    }
}
