package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** Chains that send one request and count it, and its answer, in a {@link Timeline}. */
final class Recorded {

    private Recorded() {
    }

    private static final String STARTED = "startedNanos";

    /**
     * Sends {@code request} once. The latency recorded runs from the moment the virtual user
     * arrived (its scheduled start in the open model) to the answer, so it includes any wait for a
     * connection in the client, unlike Gatling's own response time.
     */
    static ChainBuilder once(Timeline timeline, String label, HttpRequestActionBuilder request) {
        return exec(session -> {
            timeline.sent(label, false);
            return started(session);
        }).exec(request).exec(session -> {
            timeline.answered(label, Produce.statusOf(session), sinceStart(session));
            return session;
        });
    }

    static Session started(Session session) {
        return session.set(STARTED, System.nanoTime());
    }

    /** Milliseconds since {@link #started(Session)}. */
    static long sinceStart(Session session) {
        return (System.nanoTime() - session.getLong(STARTED)) / 1_000_000;
    }
}
