package io.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.ring.Completion;
import io.sluice.ring.DeliveryError;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One request from the moment it is read until its answer is written: it collects each record's
 * outcome from Kafka's threads and, once the last one is in, hops onto the connection's event
 * loop to build the answer.
 *
 * <p>{@link #recordAcked} and {@link #recordFailed} may be called from any thread; the per-record
 * slots are written before the atomic countdown and read only by the event loop after the hop,
 * which orders them. Everything else is confined to the event loop.
 */
final class PendingRequest implements Completion, Runnable {

    private static final AtomicIntegerFieldUpdater<PendingRequest> REMAINING =
            AtomicIntegerFieldUpdater.newUpdater(PendingRequest.class, "remaining");

    private static final byte[] TOPIC = JsonWriter.ascii("{\"topic\":");
    private static final byte[] PARTITION = JsonWriter.ascii(",\"partition\":");
    private static final byte[] OFFSET = JsonWriter.ascii(",\"offset\":");
    private static final byte[] OFFSETS = JsonWriter.ascii("{\"offsets\":[");
    private static final byte[] RECORD_PARTITION = JsonWriter.ascii("{\"partition\":");
    private static final byte[] RECORD_NO_ERROR = JsonWriter.ascii(",\"error_code\":null,\"error\":null}");
    /** A failed record's entry, whole, by {@link DeliveryError#ordinal()}. */
    private static final byte[][] RECORD_FAILED = recordFailedEntries();
    private static final byte[] OFFSETS_END = JsonWriter.ascii("],\"key_schema_id\":null,\"value_schema_id\":null}");

    private final IngestHandler owner;
    private final EventLoop eventLoop;
    final boolean keepAlive;
    final long startNanos;

    /** The topic as a quoted JSON string (from {@link EncodedTopics}); shared, never modified. */
    private byte[] topicJson;
    private boolean restProxyAnswer;
    private int[] partitions;
    private long[] offsets;
    private DeliveryError[] errors;
    private volatile int remaining;

    /** The answer, once known; set and read on the event loop only. */
    FullHttpResponse response;

    /** The {@code route} tag of this request's meters; set and read on the event loop only. */
    int routeIndex;

    PendingRequest(IngestHandler owner, EventLoop eventLoop, boolean keepAlive, long startNanos) {
        this.owner = owner;
        this.eventLoop = eventLoop;
        this.keepAlive = keepAlive;
        this.startNanos = startNanos;
    }

    private static byte[][] recordFailedEntries() {
        DeliveryError[] errors = DeliveryError.values();
        byte[][] entries = new byte[errors.length][];
        for (DeliveryError error : errors) {
            // The REST Proxy v2 convention: error_code 1 = retriable, 2 = not retriable.
            entries[error.ordinal()] = JsonWriter.fragment(
                    JsonWriter.ascii(error.retriable()
                            ? "{\"partition\":null,\"offset\":null,\"error_code\":1,\"error\":"
                            : "{\"partition\":null,\"offset\":null,\"error_code\":2,\"error\":"),
                    JsonWriter.encodedString(error.message()),
                    JsonWriter.ascii("}"));
        }
        return entries;
    }

    /** Prepares to collect {@code recordCount} outcomes; call before publishing. */
    void expect(byte[] topicJson, int recordCount, boolean restProxyAnswer) {
        this.topicJson = topicJson;
        this.restProxyAnswer = restProxyAnswer;
        this.partitions = new int[recordCount];
        this.offsets = new long[recordCount];
        this.errors = new DeliveryError[recordCount];
        this.remaining = recordCount;
    }

    @Override
    public void recordAcked(int index, int partition, long offset) {
        partitions[index] = partition;
        offsets[index] = offset;
        countDown();
    }

    @Override
    public void recordFailed(int index, DeliveryError error) {
        errors[index] = error;
        countDown();
    }

    private void countDown() {
        if (REMAINING.decrementAndGet(this) == 0) {
            eventLoop.execute(this);
        }
    }

    /** On the event loop, after the last outcome: build the answer and let the owner write it. */
    @Override
    public void run() {
        owner.answered(this, owner.isOpen() ? buildAnswer() : null);
    }

    /** The answer from the outcomes collected; package-private for the answer benchmark. */
    FullHttpResponse buildAnswer() {
        int failed = 0;
        DeliveryError common = null;
        for (DeliveryError error : errors) {
            if (error != null) {
                common = failed == 0 || common == error ? error : DeliveryError.INTERNAL;
                failed++;
            }
        }
        if (failed == errors.length && (!restProxyAnswer || common.retriable())) {
            // Nothing was written: answer with a status the client can act on for the whole request.
            // A REST Proxy batch keeps its per-record shape unless the whole batch should be retried.
            return owner.deliveryFailure(common);
        }
        ByteBuf body = owner.allocator().buffer(restProxyAnswer ? 64 + 64 * errors.length : 64 + topicJson.length);
        if (!restProxyAnswer) {
            body.writeBytes(TOPIC).writeBytes(topicJson).writeBytes(PARTITION);
            JsonWriter.number(body, partitions[0]);
            body.writeBytes(OFFSET);
            JsonWriter.number(body, offsets[0]);
            body.writeByte('}');
            return HttpAnswers.json(HttpResponseStatus.OK, body);
        }
        body.writeBytes(OFFSETS);
        for (int i = 0; i < errors.length; i++) {
            if (i > 0) {
                body.writeByte(',');
            }
            DeliveryError error = errors[i];
            if (error == null) {
                body.writeBytes(RECORD_PARTITION);
                JsonWriter.number(body, partitions[i]);
                body.writeBytes(OFFSET);
                JsonWriter.number(body, offsets[i]);
                body.writeBytes(RECORD_NO_ERROR);
            } else {
                body.writeBytes(RECORD_FAILED[error.ordinal()]);
            }
        }
        body.writeBytes(OFFSETS_END);
        return HttpAnswers.json(HttpResponseStatus.OK, body);
    }
}
