package io.sluice.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.ring.IngestRecord;
import java.util.Arrays;

/**
 * Gathers the records of one request and enforces the per-request record limit as they arrive,
 * so that an oversized request is refused before the rest of its body is parsed.
 *
 * <p>Not thread-safe: one instance per request, used by the thread parsing that request.
 */
final class RecordCollector {

    // Most requests carry a handful of records; start small and double up to the limit.
    private static final int INITIAL_CAPACITY = 8;

    private final int maxRecords;
    private IngestRecord[] records;
    private int size;

    RecordCollector(int maxRecords) {
        this.maxRecords = maxRecords;
        this.records = new IngestRecord[Math.min(maxRecords, INITIAL_CAPACITY)];
    }

    void add(IngestRecord record) throws BadRequestException {
        if (size == maxRecords) {
            throw new BadRequestException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, BadRequestException.TOO_MANY_RECORDS,
                    "more than " + maxRecords + " records in one request (expected: at most " + maxRecords + ')');
        }
        if (size == records.length) {
            records = Arrays.copyOf(records, (int) Math.min(maxRecords, 2L * records.length));
        }
        records[size++] = record;
    }

    int size() {
        return size;
    }

    /** The records in arrival order, in an array of exactly {@link #size()} elements. */
    IngestRecord[] toArray() {
        return size == records.length ? records : Arrays.copyOf(records, size);
    }
}
