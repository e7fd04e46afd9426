package io.sluice.http;

import io.sluice.ring.IngestRecord;
import java.util.Arrays;

/**
 * The record headers of one record while they are being read, in arrival order. Names may repeat,
 * as Kafka allows.
 *
 * <p>Not thread-safe: one instance per record being parsed.
 */
final class HeaderList {

    private static final String[] NO_NAMES = new String[0];
    private static final byte[][] NO_VALUES = new byte[0][];

    // Allocated on the first header: most records have none.
    private String[] names = NO_NAMES;
    private byte[][] values = NO_VALUES;
    private int size;

    void add(String name, byte[] valueOrNull) {
        if (size == names.length) {
            int capacity = Math.max(4, 2 * size);
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        names[size] = name;
        values[size] = valueOrNull;
        size++;
    }

    int size() {
        return size;
    }

    /** Builds the record with these headers; the list must not be used afterwards. */
    IngestRecord toRecord(byte[] key, byte[] value, int partition) {
        if (size == 0) {
            return new IngestRecord(key, value, partition);
        }
        String[] exactNames = size == names.length ? names : Arrays.copyOf(names, size);
        byte[][] exactValues = size == values.length ? values : Arrays.copyOf(values, size);
        return new IngestRecord(key, value, partition, exactNames, exactValues);
    }
}
