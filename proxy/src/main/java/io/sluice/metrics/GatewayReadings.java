package io.sluice.metrics;

import java.util.List;

/**
 * The live values behind Sluice's gauges and function counters, read at scrape time. The server
 * implements it over the ring, admission, connection and Kafka-health components, which keeps this
 * package free of their types.
 *
 * <p>Every method may be called from any thread (the scraping one) at any time, and must be cheap:
 * it reads counters the gateway keeps anyway, so nothing is counted twice.
 */
public interface GatewayReadings {

    /** The larger of the ring's slot share and byte share in use, 0 to 1. */
    double ringOccupancy();

    long ringSlotsUsed();

    long ringBytesUsed();

    /** Connections whose reads are paused for backpressure now. */
    int channelsPaused();

    /** Backpressure pauses since start, a monotonic count. */
    long readPausesTotal();

    /** Backpressure pauses ended since start, a monotonic count. */
    long readResumesTotal();

    /** 0 GREEN, 1 YELLOW, 2 RED. */
    int pressureState();

    /** The level of the most important tier being shed, or -1 while none is. */
    int activeSheddingLevel();

    /** The names of the shed reasons, in the order of the {@code reason} index of {@link #shedTotal}. */
    List<String> shedReasons();

    /** Requests of tier {@code level} refused for reason number {@code reason}, a monotonic count. */
    long shedTotal(int level, int reason);

    int connectionsActive();

    /** Connections refused over {@code max-connections} since start, a monotonic count. */
    long connectionsRejectedTotal();

    boolean kafkaAvailable();

    double drainRateBytesPerSecond();
}
