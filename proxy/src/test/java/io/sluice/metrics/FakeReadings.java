package io.sluice.metrics;

import java.util.List;

/** Readings a test sets by hand. Fields are plain: tests set them and scrape on the same thread. */
final class FakeReadings implements GatewayReadings {

    double occupancy;
    long slotsUsed;
    long bytesUsed;
    int paused;
    long pauses;
    long resumes;
    int pressureState;
    int sheddingLevel = -1;
    final long[][] shed = new long[3][2];
    int connections;
    long rejected;
    boolean kafkaAvailable = true;
    double drainRate;

    @Override
    public double ringOccupancy() {
        return occupancy;
    }

    @Override
    public long ringSlotsUsed() {
        return slotsUsed;
    }

    @Override
    public long ringBytesUsed() {
        return bytesUsed;
    }

    @Override
    public int channelsPaused() {
        return paused;
    }

    @Override
    public long readPausesTotal() {
        return pauses;
    }

    @Override
    public long readResumesTotal() {
        return resumes;
    }

    @Override
    public int pressureState() {
        return pressureState;
    }

    @Override
    public int activeSheddingLevel() {
        return sheddingLevel;
    }

    @Override
    public List<String> shedReasons() {
        return List.of("HARD_LIMIT", "RING_FULL");
    }

    @Override
    public long shedTotal(int level, int reason) {
        return shed[level][reason];
    }

    @Override
    public int connectionsActive() {
        return connections;
    }

    @Override
    public long connectionsRejectedTotal() {
        return rejected;
    }

    @Override
    public boolean kafkaAvailable() {
        return kafkaAvailable;
    }

    @Override
    public double drainRateBytesPerSecond() {
        return drainRate;
    }
}
