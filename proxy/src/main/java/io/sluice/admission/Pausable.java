package io.sluice.admission;

/** A connection that the {@link BackpressureCoordinator} can pause and resume. Event-loop confined. */
public interface Pausable {

    /** The connection's read gate. */
    ReadGate gate();

    /**
     * Called on the connection's event loop when its backpressure pause ends, either because the
     * ring drained below the low watermark ({@code shedMode} false) or because it was paused for
     * longer than {@code max-pause} ({@code shedMode} true: judge its requests by the hard limits
     * only from now on, so its client gets an answer instead of waiting).
     */
    void resumeFromBackpressure(boolean shedMode);
}
