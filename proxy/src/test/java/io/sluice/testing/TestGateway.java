package io.sluice.testing;

import io.sluice.config.SettingsLoader;
import io.sluice.config.SluiceSettings;
import io.sluice.server.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A gateway running in the test JVM against a given broker, on free ports, with HOCON overrides.
 * Its event loops, ring and producer are the production ones, so leak detection covers them.
 */
public final class TestGateway implements AutoCloseable {

    private final GatewayServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestGateway(GatewayServer server) {
        this.server = server;
    }

    /** Starts a gateway for {@code bootstrapServers} with the given HOCON lines layered on the defaults. */
    public static TestGateway start(String bootstrapServers, String... hocon) {
        return new TestGateway(GatewayServer.start(settings(bootstrapServers, hocon)));
    }

    public static SluiceSettings settings(String bootstrapServers, String... hocon) {
        StringBuilder text = new StringBuilder()
                .append("sluice.server.port = 0\n")
                .append("sluice.admin.port = 0\n")
                .append("sluice.server.shutdown-timeout = 5 s\n")
                .append("sluice.kafka.bootstrap-servers = \"").append(bootstrapServers).append("\"\n");
        for (String line : hocon) {
            text.append(line).append('\n');
        }
        try {
            Path file = Files.createTempFile("sluice-test", ".conf");
            Files.writeString(file, text);
            try {
                return SettingsLoader.load(file, new Properties(), Map.of());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GatewayServer server() {
        return server;
    }

    public int port() {
        return server.ingestPort();
    }

    public int adminPort() {
        return server.adminPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + adminPort() + path);
    }

    /** POSTs {@code body} with {@code contentType} (null for none) and extra header pairs. */
    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        return post(path, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        server.close();
    }
}
