package io.sluice.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the last lines of a log file for failure messages.
 *
 * <p>Stateless and safe to call from any thread, also while another process appends to the file.
 */
final class LogTail {

    /** Enough for a stack trace and the lines leading up to it, small enough for a test report. */
    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {
    }

    /** Returns at most {@code maxLines} trailing lines of {@code file}, or a note if it cannot be read. */
    static String of(Path file, int maxLines) {
        if (!Files.isRegularFile(file)) {
            return "(no log file at " + file + ")";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, lines.length - maxLines);
            return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
