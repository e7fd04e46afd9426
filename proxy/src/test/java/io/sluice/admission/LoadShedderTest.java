package io.sluice.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.SluiceSettings;
import io.sluice.config.Tier;
import io.sluice.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadShedderTest {

    private final SluiceSettings settings = TestGateway.settings("127.0.0.1:1");
    private final List<Tier> tiers = settings.tiers().all();
    private final Tier critical = tiers.get(0);
    private final Tier standard = tiers.get(1);
    private final Tier bulk = tiers.get(2);
    private double occupancy;
    private double connectionShare;
    private final LoadShedder shedder = new LoadShedder(settings.ring(), tiers, () -> occupancy, () -> connectionShare);

    @Test
    void admitsBelowTheHighWatermark() {
        occupancy = 0.79;
        assertThat(shedder.decide(bulk, false)).isEqualTo(LoadShedder.ADMIT);
        assertThat(shedder.state(occupancy, false)).isEqualTo(PressureState.GREEN);
        assertThat(shedder.activeSheddingLevel(occupancy)).isEqualTo(-1);
    }

    @Test
    void admitsThenPausesBetweenHighWatermarkAndHardLimit() {
        occupancy = 0.8;
        assertThat(shedder.decide(bulk, false)).isEqualTo(LoadShedder.ADMIT_THEN_PAUSE);
        assertThat(shedder.decide(bulk, true)).as("shed mode never pauses").isEqualTo(LoadShedder.ADMIT);
        assertThat(shedder.state(occupancy, true)).isEqualTo(PressureState.YELLOW);
    }

    @Test
    void stopsPausingWhenTheConnectionLimitIsNearlyReached() {
        occupancy = 0.8;
        connectionShare = 0.79;
        assertThat(shedder.pausingAllowed()).isTrue();
        assertThat(shedder.decide(bulk, false)).isEqualTo(LoadShedder.ADMIT_THEN_PAUSE);
        connectionShare = 0.8;
        assertThat(shedder.pausingAllowed()).isFalse();
        assertThat(shedder.decide(bulk, false)).isEqualTo(LoadShedder.ADMIT);
        occupancy = 0.85;
        assertThat(shedder.decide(bulk, false)).as("the hard limit still sheds").isEqualTo(LoadShedder.SHED);
    }

    @Test
    void shedsLowerTiersFirst() {
        occupancy = 0.85;
        assertThat(shedder.decide(bulk, false)).isEqualTo(LoadShedder.SHED);
        assertThat(shedder.decide(standard, false)).isEqualTo(LoadShedder.ADMIT_THEN_PAUSE);
        assertThat(shedder.decide(critical, false)).isEqualTo(LoadShedder.ADMIT_THEN_PAUSE);
        assertThat(shedder.activeSheddingLevel(occupancy)).isEqualTo(2);
        assertThat(shedder.state(occupancy, false)).isEqualTo(PressureState.RED);

        occupancy = 0.96;
        assertThat(shedder.decide(standard, true)).isEqualTo(LoadShedder.SHED);
        assertThat(shedder.decide(critical, true)).isEqualTo(LoadShedder.ADMIT);
        assertThat(shedder.activeSheddingLevel(occupancy)).isEqualTo(1);

        occupancy = 1.0;
        assertThat(shedder.decide(critical, false)).isEqualTo(LoadShedder.SHED);
        assertThat(shedder.activeSheddingLevel(occupancy)).isEqualTo(0);
    }

    @Test
    void lowWatermarkEndsThePause() {
        occupancy = 0.3;
        assertThat(shedder.belowLowWatermark()).isFalse();
        occupancy = 0.29;
        assertThat(shedder.belowLowWatermark()).isTrue();
    }
}
