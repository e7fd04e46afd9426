package io.sluice.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends one small record to each path before a simulation starts and waits for its 200, so that
 * topic creation and the producer's first metadata fetch (seconds on a fresh broker) do not land in
 * the measured run, where an open-model client would pile up connections meanwhile.
 *
 * <p>Used from {@code before()} hooks, on one thread.
 */
final class Warmup {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Warmup() {
    }

    static void paths(String... paths) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : paths) {
            URI uri = URI.create(LoadConfig.url() + path);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            String last = "no answer";
            while (true) {
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", Produce.JSON_TYPE)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":\"warm-up\"}]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        break;
                    }
                    last = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while warming up " + uri, e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("warm-up of " + uri + " got no 200 within " + PATIENCE.toSeconds()
                            + " s (last: " + last + "); is the gateway running at -Dsluice.url=" + LoadConfig.url() + "?");
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during warm-up", e);
        }
    }
}
