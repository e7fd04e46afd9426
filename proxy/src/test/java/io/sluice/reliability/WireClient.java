package io.sluice.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A socket that sends arbitrary bytes and reads whatever HTTP/1.1 answers come back, telling a clean
 * close apart from a hang. Unlike {@code RawHttp} it survives its peer closing mid-write, reads
 * answers to HEAD without a body, and caps what it reads. Not thread-safe.
 */
final class WireClient implements AutoCloseable {

    /** Pacing between bytes in drip mode (a slowloris client), not a synchronisation delay. */
    static final long DRIP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 1 << 20;

    /** One answer. Immutable. */
    static final class Answer {
        final int status;
        final String head;
        final String body;

        Answer(int status, String head, String body) {
            this.status = status;
            this.head = head;
            this.body = body;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Thrown when nothing arrived within the read time-out: the gateway neither answered nor closed. */
    static final class Hang extends RuntimeException {
        Hang(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    WireClient(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(readTimeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Writes everything; returns false if the peer had already closed (a clean refusal). */
    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes one byte per {@link #DRIP_NANOS} until done, or until the gateway answers or closes. */
    void drip(byte[] bytes) {
        try {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                if (in.available() > 0) {
                    return;
                }
                LockSupport.parkNanos(DRIP_NANOS);
            }
        } catch (IOException e) {
            // the gateway closed the connection: what a slow client should get
        }
    }

    void halfClose() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // already closed by the gateway
        }
    }

    /**
     * Reads one answer; {@code null} if the connection was closed (or reset) before one began.
     * @throws Hang if nothing arrived within the read time-out
     */
    Answer read(boolean headOnly) {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int lastFour = 0;
            while (lastFour != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new IllegalStateException("connection closed inside an answer head: " + head);
                }
                if (head.size() >= MAX_HEAD) {
                    throw new IllegalStateException("answer head over " + MAX_HEAD + " bytes");
                }
                head.write(b);
                lastFour = lastFour << 8 | b;
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            if (!headText.startsWith("HTTP/1.")) {
                throw new IllegalStateException("not an HTTP/1.x answer: " + headText);
            }
            int status = Integer.parseInt(headText.substring(9, 12));
            int length = 0;
            for (String line : headText.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
                if (line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")) {
                    throw new IllegalStateException("chunked answers are not expected from the gateway: " + headText);
                }
            }
            if (headOnly || status / 100 == 1 || status == 204 || status == 304) {
                length = 0;
            }
            if (length > MAX_BODY) {
                throw new IllegalStateException("answer body of " + length + " bytes");
            }
            byte[] body = in.readNBytes(length);
            return new Answer(status, headText, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new Hang("no answer and no close within the read time-out");
        } catch (IOException e) {
            return null; // reset after the gateway closed
        }
    }

    /** Whether the gateway closes the connection (end of stream or reset) within the read time-out. */
    boolean closedByPeer() {
        try {
            byte[] sink = new byte[4096];
            while (true) {
                int n = in.read(sink);
                if (n < 0) {
                    return true;
                }
                if (n > 0) {
                    throw new IllegalStateException("unexpected bytes after the expected answers: "
                            + new String(sink, 0, n, StandardCharsets.ISO_8859_1));
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
