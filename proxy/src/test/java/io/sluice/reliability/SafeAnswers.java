package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

/** The check that no answer shows a stack trace, a class or a package name. Stateless. */
final class SafeAnswers {

    private SafeAnswers() {
    }

    static void assertNoInternals(String what, String body) {
        assertThat(body).as("%s: answer must not leak internals", what)
                .doesNotContain("Exception")
                .doesNotContain("at io.")
                .doesNotContain("java.")
                .doesNotContain("io.netty")
                .doesNotContain("org.apache");
    }
}
