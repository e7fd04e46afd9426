package io.sluice.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-second counts of what a simulation sent and what came back, by label (a phase, a tier or a
 * client kind), for the criteria Gatling's own assertions cannot express: rates inside a phase,
 * recovery times, retry bursts. Seconds count from {@link #start()}; answers are counted in the
 * second they arrive, requests in the second they are sent.
 *
 * <p>Thread-safe: Gatling records from its event loops concurrently; the reading methods are meant
 * for after the run.
 */
final class Timeline {

    /** One second of one label. */
    record Second(int second, long sent, long retries, long ok, long shed, long unavailable, long other,
            long maxMillis) {
    }

    private final int horizonSeconds;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private volatile long startNanos = System.nanoTime();

    /** {@code horizonSeconds}: the longest run expected; later events count in the last second. */
    Timeline(int horizonSeconds) {
        this.horizonSeconds = horizonSeconds;
    }

    void start() {
        startNanos = System.nanoTime();
    }

    int now() {
        long second = (System.nanoTime() - startNanos) / 1_000_000_000L;
        return (int) Math.max(0, Math.min(horizonSeconds - 1, second));
    }

    void sent(String label, boolean retry) {
        Series s = series(label);
        int second = now();
        s.sent.incrementAndGet(second);
        if (retry) {
            s.retries.incrementAndGet(second);
        }
    }

    /** {@code status} -1 means no answer at all (connect error or time-out). */
    void answered(String label, int status, long millis) {
        Series s = series(label);
        int second = now();
        AtomicLongArray counter = switch (status) {
            case 200 -> s.ok;
            case 429 -> s.shed;
            case 503 -> s.unavailable;
            default -> s.other;
        };
        counter.incrementAndGet(second);
        s.maxMillis.accumulateAndGet(second, millis, Math::max);
    }

    /** Seconds 0 up to the last second in which anything happened, for {@code label}. */
    List<Second> seconds(String label) {
        Series s = series(label);
        int last = lastActive();
        List<Second> out = new ArrayList<>(last + 1);
        for (int i = 0; i <= last; i++) {
            out.add(new Second(i, s.sent.get(i), s.retries.get(i), s.ok.get(i), s.shed.get(i),
                    s.unavailable.get(i), s.other.get(i), s.maxMillis.get(i)));
        }
        return out;
    }

    /** Sum of 200 answers over seconds [from, to). */
    long okBetween(String label, int from, int to) {
        return seconds(label).stream().filter(s -> s.second() >= from && s.second() < to).mapToLong(Second::ok).sum();
    }

    /**
     * The first second at or after {@code from} that starts {@code window} consecutive seconds in
     * which {@code label} got no 429 and no 503, at least {@code minOk} answers 200, and no answer
     * slower than {@code maxMillis}; -1 if there is none.
     */
    int recoveredAt(String label, int from, int window, double minOk, long maxMillis) {
        List<Second> all = seconds(label);
        for (int start = from; start + window <= all.size(); start++) {
            boolean good = true;
            for (int i = start; i < start + window && good; i++) {
                Second s = all.get(i);
                good = s.shed() == 0 && s.unavailable() == 0 && s.other() == 0 && s.ok() >= minOk
                        && s.maxMillis() <= maxMillis;
            }
            if (good) {
                return start;
            }
        }
        return -1;
    }

    /** Writes {@code second,label,sent,retries,ok_200,shed_429,unavailable_503,other,max_ms} rows. */
    Path writeCsv(String fileName) {
        StringBuilder csv = new StringBuilder("second,label,sent,retries,ok_200,shed_429,unavailable_503,other,max_ms\n");
        for (String label : series.keySet().stream().sorted().toList()) {
            for (Second s : seconds(label)) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%d,%d,%d%n", s.second(), label, s.sent(),
                        s.retries(), s.ok(), s.shed(), s.unavailable(), s.other(), s.maxMillis()));
            }
        }
        return write(fileName, csv.toString());
    }

    static Path write(String fileName, String text) {
        Path file = LoadConfig.outputDir().resolve(fileName);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    private int lastActive() {
        int last = 0;
        for (Series s : series.values()) {
            for (int i = horizonSeconds - 1; i > last; i--) {
                if (s.sent.get(i) != 0 || s.ok.get(i) != 0 || s.shed.get(i) != 0 || s.unavailable.get(i) != 0
                        || s.other.get(i) != 0) {
                    last = i;
                    break;
                }
            }
        }
        return last;
    }

    private Series series(String label) {
        return series.computeIfAbsent(label, l -> new Series(horizonSeconds));
    }

    private static final class Series {
        final AtomicLongArray sent;
        final AtomicLongArray retries;
        final AtomicLongArray ok;
        final AtomicLongArray shed;
        final AtomicLongArray unavailable;
        final AtomicLongArray other;
        final AtomicLongArray maxMillis;

        Series(int seconds) {
            sent = new AtomicLongArray(seconds);
            retries = new AtomicLongArray(seconds);
            ok = new AtomicLongArray(seconds);
            shed = new AtomicLongArray(seconds);
            unavailable = new AtomicLongArray(seconds);
            other = new AtomicLongArray(seconds);
            maxMillis = new AtomicLongArray(seconds);
        }
    }
}
