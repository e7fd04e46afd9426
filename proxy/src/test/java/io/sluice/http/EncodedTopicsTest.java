package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedTopicsTest {

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void topicsAreQuotedJsonStrings() {
        EncodedTopics topics = new EncodedTopics(List.of("orders"), 4);
        assertThat(text(topics.get("orders"))).isEqualTo("\"orders\"");
        assertThat(text(topics.get("clicks.v1"))).isEqualTo("\"clicks.v1\"");
    }

    @Test
    void configuredTopicsAreKeptWithoutUsingTheLearnedPlaces() {
        EncodedTopics topics = new EncodedTopics(List.of("a", "b", "a"), 0);
        byte[] first = topics.get("a");
        assertThat(topics.get("a")).as("the same array every time").isSameAs(first);
        assertThat(topics.get("b")).isSameAs(topics.get("b"));
        assertThat(topics.learnedCount()).isZero();
    }

    @Test
    void learnedTopicsAreKeptUpToTheBoundThenEncodedPerCall() {
        EncodedTopics topics = new EncodedTopics(List.of("configured"), 2);
        byte[] one = topics.get("one");
        assertThat(topics.get("one")).isSameAs(one);
        byte[] two = topics.get("two");
        assertThat(topics.learnedCount()).isEqualTo(2);

        byte[] three = topics.get("three");
        byte[] threeAgain = topics.get("three");
        assertThat(text(threeAgain)).isEqualTo("\"three\"");
        assertThat(threeAgain).as("beyond the bound: encoded again, not kept").isNotSameAs(three);
        assertThat(topics.learnedCount()).as("bounded").isEqualTo(2);
        assertThat(topics.get("two")).as("kept names stay").isSameAs(two);
        assertThat(topics.get("configured")).isSameAs(topics.get("configured"));
    }

    @Test
    void manyDistinctTopicsStayWithinTheBound() {
        EncodedTopics topics = new EncodedTopics(List.of(), EncodedTopics.DEFAULT_MAX_LEARNED);
        for (int i = 0; i < 3 * EncodedTopics.DEFAULT_MAX_LEARNED; i++) {
            assertThat(text(topics.get("t" + i))).isEqualTo("\"t" + i + "\"");
        }
        assertThat(topics.learnedCount()).isEqualTo(EncodedTopics.DEFAULT_MAX_LEARNED);
    }

    @Test
    void refusesANegativeBound() {
        assertThatThrownBy(() -> new EncodedTopics(List.of(), -1)).hasMessageContaining("maxLearned: -1");
    }
}
