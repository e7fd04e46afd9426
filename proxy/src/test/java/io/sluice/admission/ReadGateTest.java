package io.sluice.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ReadGateTest {

    @Test
    void readsResumeOnlyWhenTheLastReasonIsWithdrawn() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate gate = new ReadGate(channel);
        assertThat(gate.pause(ReadGate.PIPELINE_FULL, 10)).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(gate.pause(ReadGate.BACKPRESSURE, 20)).as("already paused").isFalse();
        assertThat(gate.pausedSinceNanos()).as("the first pause counts").isEqualTo(10);

        assertThat(gate.resume(ReadGate.PIPELINE_FULL)).isFalse();
        assertThat(channel.config().isAutoRead()).as("backpressure still holds it").isFalse();
        assertThat(gate.resume(ReadGate.PIPELINE_FULL)).as("withdrawing twice is harmless").isFalse();
        assertThat(gate.resume(ReadGate.BACKPRESSURE)).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(gate.isPaused()).isFalse();
        channel.finishAndReleaseAll();
    }
}
