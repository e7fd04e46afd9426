package io.sluice.admission;

/**
 * The gateway's pressure state as operators see it (DESIGN §2): GREEN below the high watermark,
 * YELLOW while reads are paused, RED while some tier is being shed.
 */
public enum PressureState {
    GREEN("HEALTHY"),
    YELLOW("CONGESTED"),
    RED("SATURATED");

    private final String healthStatus;

    PressureState(String healthStatus) {
        this.healthStatus = healthStatus;
    }

    /** The {@code service_health_status} word for this state. */
    public String healthStatus() {
        return healthStatus;
    }

    /** The gauge value exported as {@code sluice_pressure_state}: 0, 1, 2. */
    public int gaugeValue() {
        return ordinal();
    }
}
