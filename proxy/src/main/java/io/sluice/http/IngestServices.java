package io.sluice.http;

import io.sluice.admission.Admission;
import io.sluice.config.ServerSettings;
import io.sluice.config.SluiceSettings;
import io.sluice.ring.IngestRing;
import java.util.function.BooleanSupplier;

/**
 * What every ingest connection shares: routing, body parsing, the ring, admission and the Kafka
 * health signal. Immutable and thread-safe; built once by the server.
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

    public IngestServices(SluiceSettings settings, IngestRing ring, Admission admission,
                          BooleanSupplier kafkaAvailable, BooleanSupplier draining) {
        this.server = settings.server();
        this.router = new Router(settings.topics(), settings.routes());
        this.parser = new RecordBodyParser(server.maxRecordsPerRequest(), server.maxJsonNestingDepth());
        this.ring = ring;
        this.admission = admission;
        this.pressureAnswers = new PressureAnswers(admission, () -> ring.budget().usedBytes(), System::currentTimeMillis);
        this.kafkaAvailable = kafkaAvailable;
        this.draining = draining;
    }
}
