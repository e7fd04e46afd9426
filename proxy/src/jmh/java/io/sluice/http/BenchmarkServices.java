package io.sluice.http;

import io.sluice.admission.Admission;
import io.sluice.admission.DrainRateMeter;
import io.sluice.config.SluiceSettings;
import io.sluice.ring.IngestRing;
import java.util.function.DoubleSupplier;

/** The ingest services the benchmarks share: Kafka always available, never draining. */
final class BenchmarkServices {

    private BenchmarkServices() {
    }

    static IngestServices of(SluiceSettings settings, IngestRing ring, DoubleSupplier occupancy) {
        Admission admission = Admission.of(settings, occupancy, () -> 0, new DrainRateMeter(() -> 0, () -> 0, 0));
        return new IngestServices(settings, ring, admission, () -> true, () -> false);
    }

    /** A connection limit that never refuses: the benchmarks measure one connection. */
    static ConnectionLimiter connections() {
        return new ConnectionLimiter(Integer.MAX_VALUE, 0);
    }
}
