package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** Chains that send one request and count it, and its answer, in a {@link Timeline}. */
final class Recorded {

    private Recorded() {
    }

    static ChainBuilder once(Timeline timeline, String label, HttpRequestActionBuilder request) {
        return exec(session -> {
            timeline.sent(label, false);
            return session;
        }).exec(request).exec(session -> {
            timeline.answered(label, Produce.statusOf(session), Produce.responseMillisOf(session));
            return session;
        });
    }
}
