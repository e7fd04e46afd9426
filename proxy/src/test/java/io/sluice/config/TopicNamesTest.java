package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "orders.created", "A_b-c.9", "..."})
    void legalNames(String name) {
        assertThat(TopicNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a b", "a/b", "../etc", "a%2Fb", "tópico", "a\u0000b", "a:b"})
    void illegalNames(String name) {
        assertThat(TopicNames.isValid(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void lengthLimit() {
        assertThat(TopicNames.isValid("x".repeat(249))).isTrue();
        assertThat(TopicNames.isValid("x".repeat(250))).isFalse();
    }
}
