package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code sluice.metrics} and {@code sluice.logging}: defaults, overrides and mistakes. */
class ObservabilitySettingsTest {

    private static SluiceSettings load(String... properties) {
        Properties props = new Properties();
        for (int i = 0; i < properties.length; i += 2) {
            props.setProperty(properties[i], properties[i + 1]);
        }
        return SettingsLoader.load(null, props, Map.of());
    }

    @Test
    void defaultsAreTextLogsAHundredTopicTagsAndFiveSecondQuantiles() {
        SluiceSettings settings = load();
        assertThat(settings.logging().format()).isEqualTo(LoggingSettings.Format.TEXT);
        assertThat(settings.metrics().maxTopicTags()).isEqualTo(100);
        assertThat(settings.metrics().quantileInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jsonLogsAndMetricSettingsCanBeSet() {
        SluiceSettings settings = load("sluice.logging.format", "json",
                "sluice.metrics.max-topic-tags", "7", "sluice.metrics.quantile-interval", "1 s");
        assertThat(settings.logging().format()).isEqualTo(LoggingSettings.Format.JSON);
        assertThat(settings.metrics().maxTopicTags()).isEqualTo(7);
        assertThat(settings.metrics().quantileInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void mistakesNameTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> load("sluice.logging.format", "xml"))
                .hasMessageContaining("sluice.logging.format: xml (expected: one of text json)");
        assertThatThrownBy(() -> load("sluice.metrics.quantile-interval", "10 ms"))
                .hasMessageContaining("sluice.metrics.quantile-interval")
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> load("sluice.metrics.max-topic-tag", "5"))
                .hasMessageContaining("sluice.metrics.max-topic-tag: unknown key")
                .hasMessageContaining("did you mean max-topic-tags?");
    }
}
