package io.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain socket speaking HTTP/1.1 byte by byte, for what ordinary clients will not send:
 * pipelined requests, malformed input, slow writers. Reads answers with Content-Length bodies.
 * Not thread-safe; one test thread per connection.
 */
public final class RawHttp implements AutoCloseable {

    /** One parsed answer. */
    public static final class Answer {
        public final int status;
        public final String head;
        public final String body;

        public Answer(int status, String head, String body) {
            this.status = status;
            this.head = head;
            this.body = body;
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) {
        this(port, 15_000);
    }

    public RawHttp(int port, int readTimeoutMillis) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(readTimeoutMillis);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Socket socket() {
        return socket;
    }

    public RawHttp write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete POST with a Content-Length body. */
    public static String post(String path, String contentType, String body, String... extraHeaderLines) {
        StringBuilder request = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String line : extraHeaderLines) {
            request.append(line).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        return request + new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Reads one answer; fails if the connection closes first. */
    public Answer read() {
        Answer answer = readOrNull();
        if (answer == null) {
            throw new IllegalStateException("connection closed before an answer");
        }
        return answer;
    }

    /** Reads one answer, or returns {@code null} if the connection closed cleanly first. */
    public Answer readOrNull() {
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
                head.write(b);
                lastFour = lastFour << 8 | b;
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headText.substring(9, 12));
            int length = 0;
            for (String line : headText.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new Answer(status, headText, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("no answer within the read time-out", e);
        } catch (IOException e) {
            // A reset after the server closed counts as closed.
            return null;
        }
    }

    /** Reads answers until the server closes the connection. */
    public List<Answer> readUntilClosed() {
        List<Answer> answers = new ArrayList<>();
        Answer answer;
        while ((answer = readOrNull()) != null) {
            answers.add(answer);
        }
        return answers;
    }

    /** Whether the server closed the connection (reads end of stream) within the read time-out. */
    public boolean isClosedByServer() {
        try {
            return in.read() < 0;
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
