package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Finds TCP ports on 127.0.0.1 that nothing is listening on right now, and probes listening ones.
 *
 * <p>Stateless and safe to call from any thread. A port is only free at the moment it is
 * returned; another process may take it before the caller binds it, which is rare enough on a
 * test machine that callers simply fail rather than retry.
 */
final class FreePorts {

    /** Loopback either answers or refuses at once; this only bounds a host that is out of sorts. */
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private FreePorts() {
    }

    /** Returns a port the kernel considers free, by binding port 0 and closing the socket again. */
    static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind an ephemeral port on 127.0.0.1", e);
        }
    }

    /** Returns a free port different from {@code other}. */
    static int nextExcept(int other) {
        int port = next();
        while (port == other) {
            port = next();
        }
        return port;
    }

    /** Returns whether something on 127.0.0.1 accepts connections on {@code port} right now. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns whether {@code port} on 127.0.0.1 can be bound right now. */
    static boolean isFree(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
