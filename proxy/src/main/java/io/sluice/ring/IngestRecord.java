package io.sluice.ring;

import java.util.Objects;

/**
 * One record as the client sent it: key, value, optional partition and headers, all as bytes.
 *
 * <p>Immutable once built and therefore safe to hand from an event loop to the ring's thread.
 * The arrays are owned by the record; callers must not modify them after construction.
 */
public final class IngestRecord {

    /** Partition value meaning "let the producer's partitioner choose". */
    public static final int ANY_PARTITION = -1;

    private static final String[] NO_HEADER_NAMES = new String[0];
    private static final byte[][] NO_HEADER_VALUES = new byte[0][];

    private final byte[] key;
    private final byte[] value;
    private final int partition;
    private final String[] headerNames;
    private final byte[][] headerValues;
    private final int sizeInBytes;

    public IngestRecord(byte[] key, byte[] value, int partition) {
        this(key, value, partition, NO_HEADER_NAMES, NO_HEADER_VALUES);
    }

    /**
     * @param key          the record key, or {@code null}
     * @param value        the record value, or {@code null} (a tombstone)
     * @param partition    a partition number, or {@link #ANY_PARTITION}
     * @param headerNames  header names, same length as {@code headerValues}
     * @param headerValues header values; an element may be {@code null}
     */
    public IngestRecord(byte[] key, byte[] value, int partition, String[] headerNames, byte[][] headerValues) {
        Objects.requireNonNull(headerNames, "headerNames");
        Objects.requireNonNull(headerValues, "headerValues");
        if (headerNames.length != headerValues.length) {
            throw new IllegalArgumentException("headerNames: " + headerNames.length
                    + " (expected: as many as headerValues, " + headerValues.length + ')');
        }
        if (partition < ANY_PARTITION) {
            throw new IllegalArgumentException("partition: " + partition + " (expected: >= 0 or ANY_PARTITION)");
        }
        this.key = key;
        this.value = value;
        this.partition = partition;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.sizeInBytes = computeSize(key, value, headerNames, headerValues);
    }

    private static int computeSize(byte[] key, byte[] value, String[] names, byte[][] values) {
        long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (int i = 0; i < names.length; i++) {
            // Header names are ASCII in practice; their char count is a close enough byte estimate.
            size += names[i].length() + (values[i] == null ? 0 : values[i].length);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }

    public int partition() {
        return partition;
    }

    public int headerCount() {
        return headerNames.length;
    }

    public String headerName(int index) {
        return headerNames[index];
    }

    public byte[] headerValue(int index) {
        return headerValues[index];
    }

    /** Bytes this record holds in memory (key, value and headers), the unit of the ring's byte budget. */
    public int sizeInBytes() {
        return sizeInBytes;
    }
}
