package io.sluice.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * Creates Netty leak detectors that hand every leak report to {@link LeakRecorder} as well as
 * logging it, so a leak can fail a test instead of scrolling past in a log.
 *
 * <p>Stateless and safe to use from any thread; the detectors are as thread-safe as Netty's.
 */
final class RecordingLeakDetectorFactory extends ResourceLeakDetectorFactory {

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        return new RecordingDetector<>(resource, samplingInterval);
    }

    /** Netty still declares this abstract; the interval-only variant above is the one it calls. */
    @Override
    @Deprecated
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
            Class<T> resource, int samplingInterval, long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        /** Netty skips reporting when its logger has ERROR off; a leak must count regardless. */
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LeakRecorder.record("LEAK: " + resourceType + ".release() was not called before it was "
                    + "garbage-collected." + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LeakRecorder.record("LEAK: " + resourceType + ".release() was not called before it was "
                    + "garbage-collected (no access records: leak detection level was below ADVANCED).");
            super.reportUntracedLeak(resourceType);
        }
    }
}
