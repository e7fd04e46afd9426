package io.sluice.testing;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * Collects Netty leak reports of this JVM and turns them into test failures.
 *
 * <p>Safe to use from any thread: Netty reports leaks on whichever thread allocates next, and tests
 * check from theirs. {@link #install()} must run before any {@code ByteBuf} class is initialised,
 * because Netty creates the buffer leak detector once, in a static initialiser;
 * {@link LeakDetectionSessionListener} does that when the test launcher starts.
 */
public final class LeakRecorder {

    private static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    /** Rounds of collect-then-allocate; more than one because reference processing is asynchronous. */
    private static final int DETECTION_ROUNDS = 3;
    private static final long GC_WAIT_MILLIS = 1_000;

    /** At most {@code MAX_RECORDED} reports (see {@link #record}); later ones are dropped. */
    private static final Queue<String> leaks = new ConcurrentLinkedQueue<>();
    private static final int MAX_RECORDED = 100;
    private static final java.util.concurrent.atomic.AtomicInteger recorded = new java.util.concurrent.atomic.AtomicInteger();

    private LeakRecorder() {
    }

    /** Makes every leak detector Netty creates from now on report here. Idempotent. */
    static synchronized void install() {
        if (ResourceLeakDetectorFactory.instance() instanceof RecordingLeakDetectorFactory) {
            return;
        }
        // The build sets the level; a test started from an IDE without it still gets full tracking.
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingLeakDetectorFactory());
    }

    static void record(String report) {
        // Bounded: the class fails on the first leak; reports past MAX_RECORDED add nothing and are dropped.
        if (recorded.incrementAndGet() <= MAX_RECORDED) {
            leaks.add(report);
        }
    }

    /** Removes and returns the leaks recorded so far, without provoking detection. */
    public static List<String> drain() {
        List<String> drained = new ArrayList<>();
        recorded.set(0);
        for (String leak; (leak = leaks.poll()) != null; ) {
            drained.add(leak);
        }
        return drained;
    }

    /**
     * Makes Netty look for garbage-collected, unreleased buffers, then fails if any leak was recorded
     * since the last check. The recorded leaks are cleared either way, so one leak fails one check.
     *
     * @param scope what ran since the last check, for the failure message
     */
    public static void assertNoLeaks(String scope) {
        provokeDetection();
        List<String> found = drain();
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leaked resource(s) during " + scope
                    + " (expected: none; every ByteBuf must be released on every path):\n\n"
                    + String.join("\n\n", found));
        }
    }

    /**
     * Netty notices a leak only when it allocates a tracked buffer after the garbage collector has
     * enqueued the leaked one. So: collect, wait for a sentinel reference to be enqueued (the GC
     * cycle and reference processing happened), then allocate from every allocator.
     */
    private static void provokeDetection() {
        for (int round = 0; round < DETECTION_ROUNDS && leaks.isEmpty(); round++) {
            awaitGarbageCollection();
            allocateAndRelease();
        }
    }

    private static void awaitGarbageCollection() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(GC_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
    }

    private static void allocateAndRelease() {
        ByteBufAllocator[] allocators = {
            ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT};
        for (ByteBufAllocator allocator : allocators) {
            ByteBuf heap = allocator.heapBuffer(16);
            heap.release();
            ByteBuf direct = allocator.directBuffer(16);
            direct.release();
        }
    }
}
