package io.sluice.http;

import io.sluice.admission.Admission;
import io.sluice.config.ServerSettings;
import io.sluice.config.SluiceSettings;
import io.sluice.metrics.IngestMetrics;
import io.sluice.ring.IngestRing;
import java.util.function.BooleanSupplier;

/**
 * What every ingest connection shares: routing, body parsing, the ring, admission, the Kafka
 * health signal and the meters. Immutable and thread-safe; built once by the server.
 */
public final class IngestServices {

    final ServerSettings server;
    final Router router;
    final RecordBodyParser parser;
    final IngestRing ring;
    final Admission admission;
    final PressureAnswers pressureAnswers;
    final BooleanSupplier kafkaAvailable;
    final BooleanSupplier draining;
    final IngestMetrics metrics;
    final RejectionLog rejections = new RejectionLog();

    public IngestServices(SluiceSettings settings, IngestRing ring, Admission admission,
                          BooleanSupplier kafkaAvailable, BooleanSupplier draining) {
        this(settings, ring, admission, kafkaAvailable, draining, IngestMetrics.NONE);
    }

    public IngestServices(SluiceSettings settings, IngestRing ring, Admission admission,
                          BooleanSupplier kafkaAvailable, BooleanSupplier draining, IngestMetrics metrics) {
        this.server = settings.server();
        this.router = new Router(settings.topics(), settings.routes());
        this.parser = new RecordBodyParser(server.maxRecordsPerRequest(), server.maxJsonNestingDepth());
        this.ring = ring;
        this.admission = admission;
        this.pressureAnswers = new PressureAnswers(admission, () -> ring.budget().usedBytes(), System::currentTimeMillis);
        this.kafkaAvailable = kafkaAvailable;
        this.draining = draining;
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
    }
}
