package io.sluice.server;

import io.sluice.config.ServerSettings;
import io.sluice.config.SluiceSettings;

/**
 * The most memory Sluice's own buffers can hold under the configured limits, whatever the load:
 * <pre>
 *   ring.max-bytes                                   record payloads admitted and not yet handed to
 *                                                    the producer (in the ring, or being serialized)
 * + producer buffer.memory                           serialized batches not yet acknowledged; the
 *                                                    producer keeps this pool once it has grown
 * + max-connections x (max-content-length + 64 KiB)  one request body being aggregated per connection,
 *                                                    plus one decoded read held by the flow-control handler
 * + io-threads x 2 x max-content-length              a request being parsed on each event loop
 * </pre>
 * Kernel socket buffers, Netty's pool caches and the JVM itself come on top. Immutable.
 */
final class MemoryBound {

    private static final long PER_CONNECTION_READ = 64 * 1024;

    private final long ringBytes;
    private final long producerBytes;
    private final long aggregationBytes;
    private final long parsingBytes;

    private MemoryBound(long ringBytes, long producerBytes, long aggregationBytes, long parsingBytes) {
        this.ringBytes = ringBytes;
        this.producerBytes = producerBytes;
        this.aggregationBytes = aggregationBytes;
        this.parsingBytes = parsingBytes;
    }

    static MemoryBound of(SluiceSettings settings) {
        ServerSettings server = settings.server();
        int threads = server.ioThreads() > 0 ? server.ioThreads() : Runtime.getRuntime().availableProcessors();
        return new MemoryBound(
                settings.ring().maxBytes(),
                Long.parseLong(settings.kafka().producerProperties().get("buffer.memory").trim()),
                (long) (server.maxConnections() + server.reservedConnections()) * (server.maxContentLength() + PER_CONNECTION_READ),
                2L * threads * server.maxContentLength());
    }

    long totalBytes() {
        return ringBytes + producerBytes + aggregationBytes + parsingBytes;
    }

    @Override
    public String toString() {
        return "ring " + (ringBytes >> 20) + " MiB + producer " + (producerBytes >> 20) + " MiB + aggregation "
                + (aggregationBytes >> 20) + " MiB + parsing " + (parsingBytes >> 20) + " MiB = "
                + (totalBytes() >> 20) + " MiB";
    }
}
