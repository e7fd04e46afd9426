package io.sluice.http;

import io.sluice.admission.Admission;
import io.sluice.admission.AdmissionStats;
import io.sluice.admission.BackpressureCoordinator;
import io.sluice.admission.DrainRateMeter;
import io.sluice.admission.LoadShedder;
import io.sluice.admission.RetryAfterPolicy;
import io.sluice.config.SluiceSettings;
import io.sluice.ring.IngestRing;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/** The ingest services the benchmarks share: Kafka always available, never draining. */
final class BenchmarkServices {

    private BenchmarkServices() {
    }

    static IngestServices of(SluiceSettings settings, IngestRing ring, DoubleSupplier occupancy) {
        LoadShedder shedder = new LoadShedder(settings.ring(), settings.tiers().all(), occupancy);
        DrainRateMeter drain = new DrainRateMeter(() -> 0, () -> 0, 0);
        Admission admission = new Admission(shedder, new BackpressureCoordinator(shedder, TimeUnit.SECONDS.toNanos(5)),
                new RetryAfterPolicy(settings.shedding(), drain::bytesPerSecond), drain,
                new AdmissionStats(settings.tiers().all().size()));
        return new IngestServices(settings, ring, admission, () -> true, () -> false);
    }

    /** A connection limit that never refuses: the benchmarks measure one connection. */
    static ConnectionLimiter connections() {
        return new ConnectionLimiter(Integer.MAX_VALUE, 0);
    }
}
