package io.sluice.admission;

import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.config.SettingsLoader;
import io.sluice.config.SluiceSettings;
import io.sluice.config.Tier;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of admission: the shedding decision, and the decision plus the read gate's
 * pause and resume (the signalling a congested request pays). Compare with
 * {@code PublishPathBenchmark}, the whole per-request path, for the overhead share.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {

    private LoadShedder shedder;
    private Tier tier;
    private double occupancy;
    private EmbeddedChannel channel;
    private ReadGate gate;

    @Setup
    public void setUp() {
        SluiceSettings settings = SettingsLoader.load(null, new Properties(), Map.of());
        occupancy = 0.5;
        shedder = new LoadShedder(settings.ring(), settings.tiers().all(), () -> occupancy, () -> 0);
        tier = settings.tiers().byName("standard");
        channel = new EmbeddedChannel();
        gate = new ReadGate(channel);
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int decide() {
        return shedder.decide(tier, false);
    }

    @Benchmark
    public boolean decideAndSignal() {
        int decision = shedder.decide(tier, false);
        gate.pause(ReadGate.BACKPRESSURE, decision);
        return gate.resume(ReadGate.BACKPRESSURE);
    }
}
