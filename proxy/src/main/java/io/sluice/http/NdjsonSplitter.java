package io.sluice.http;

import io.sluice.ring.IngestRecord;
import java.util.Arrays;

/**
 * Splits a {@link BodyFormat#NDJSON} body into records, one value per non-blank line.
 *
 * <p>Stateless, so safe to use from any thread.
 */
final class NdjsonSplitter {

    private NdjsonSplitter() {
    }

    /**
     * Adds one record per line of {@code input[offset, offset + length)}. Lines end with
     * {@code \n}; one {@code \r} before it is dropped; lines holding only spaces and tabs are
     * skipped. The value is the rest of the line exactly as sent: it is not checked to be JSON,
     * because doing so would mean parsing every value only to pass its bytes on unchanged.
     */
    static void split(byte[] input, int offset, int length, RecordCollector records) throws BadRequestException {
        int end = offset + length;
        int lineStart = offset;
        while (lineStart < end) {
            int lineEnd = lineStart;
            while (lineEnd < end && input[lineEnd] != '\n') {
                lineEnd++;
            }
            int next = lineEnd + 1;
            if (lineEnd > lineStart && input[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (!isBlank(input, lineStart, lineEnd)) {
                records.add(new IngestRecord(null, Arrays.copyOfRange(input, lineStart, lineEnd), IngestRecord.ANY_PARTITION));
            }
            lineStart = next;
        }
    }

    private static boolean isBlank(byte[] input, int from, int to) {
        for (int i = from; i < to; i++) {
            if (input[i] != ' ' && input[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
