package io.sluice.loadgen;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The command line of {@link FixedRateLoad}, validated, and the request it sends: a
 * {@code POST} of a {@code text/plain} body of {@code recordBytes} bytes, encoded once.
 *
 * <p>Immutable.
 */
final class FixedRateOptions {

    static final String USAGE = String.join("\n",
            "FixedRateLoad --url http://HOST:PORT/topics/TOPIC --rate REQUESTS_PER_SECOND [options]",
            "  --duration S       measured seconds (default 15)",
            "  --warmup S         seconds at the same rate before, not measured (default 5)",
            "  --connections N    keep-alive connections, one request in flight on each (default 64)",
            "  --queue N          requests that may wait for a free connection; more are dropped",
            "                     and counted (default connections x 64)",
            "  --record-bytes N   body size (default 1024)",
            "  --drain-timeout S  how long to wait for answers after the last request is due; those",
            "                     still missing count as unanswered (default 10)");

    final String host;
    final int port;
    final String path;
    final double rate;
    final double durationSeconds;
    final double warmUpSeconds;
    final int connections;
    final int queue;
    final int recordBytes;
    final double drainTimeoutSeconds;

    private FixedRateOptions(URI url, double rate, double durationSeconds, double warmUpSeconds, int connections,
            int queue, int recordBytes, double drainTimeoutSeconds) {
        this.host = url.getHost();
        this.port = url.getPort() < 0 ? 80 : url.getPort();
        this.path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        this.rate = rate;
        this.durationSeconds = durationSeconds;
        this.warmUpSeconds = warmUpSeconds;
        this.connections = connections;
        this.queue = queue;
        this.recordBytes = recordBytes;
        this.drainTimeoutSeconds = drainTimeoutSeconds;
    }

    /** Parses {@code --name value} pairs; throws {@link IllegalArgumentException} naming the bad one. */
    static FixedRateOptions parse(String... args) {
        URI url = null;
        double rate = -1;
        double duration = 15;
        double warmUp = 5;
        int connections = 64;
        int queue = -1;
        int recordBytes = 1024;
        double drainTimeout = 10;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + ": missing value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--url" -> url = url(value);
                case "--rate" -> rate = positive(name, parseDouble(name, value));
                case "--duration" -> duration = positive(name, parseDouble(name, value));
                case "--warmup" -> warmUp = atLeastZero(name, parseDouble(name, value));
                case "--connections" -> connections = parseInt(name, value, 1);
                case "--queue" -> queue = parseInt(name, value, 1);
                case "--record-bytes" -> recordBytes = parseInt(name, value, 0);
                case "--drain-timeout" -> drainTimeout = atLeastZero(name, parseDouble(name, value));
                default -> throw new IllegalArgumentException(name + ": unknown option (expected one of "
                        + Arrays.asList("--url", "--rate", "--duration", "--warmup", "--connections", "--queue",
                                "--record-bytes", "--drain-timeout") + ")");
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url: missing (expected: http://HOST:PORT/PATH)");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate: missing (expected: requests per second)");
        }
        if (queue < 0) {
            queue = Math.multiplyExact(connections, 64);
        }
        return new FixedRateOptions(url, rate, duration, warmUp, connections, queue, recordBytes, drainTimeout);
    }

    /** The whole request, head and body, as sent on the wire. */
    byte[] requestBytes() {
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + recordBytes + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + recordBytes);
        Arrays.fill(request, headBytes.length, request.length, (byte) 'x');
        return request;
    }

    private static URI url(String value) {
        URI url;
        try {
            url = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url: " + value + " (expected: http://HOST:PORT/PATH)", e);
        }
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getRawPath() == null
                || url.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("--url: " + value + " (expected: http://HOST:PORT/PATH)");
        }
        return url;
    }

    private static double parseDouble(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a number)", e);
        }
    }

    private static int parseInt(String name, String value, int min) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: an integer)", e);
        }
        if (parsed < min) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
        }
        return parsed;
    }

    private static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    private static double atLeastZero(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }
}
