package io.sluice.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class if Netty reported a leaked buffer while it ran. Registered for every test
 * class through JUnit's extension auto-detection.
 *
 * <p>Stateless; JUnit calls it on the thread that finishes the class.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    static {
        // A launcher that does not load session listeners still gets detection, as long as no
        // buffer class was initialised before the first test class.
        LeakRecorder.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LeakRecorder.assertNoLeaks(context.getRequiredTestClass().getName());
    }
}
