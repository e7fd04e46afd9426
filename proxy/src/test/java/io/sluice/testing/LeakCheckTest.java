package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that a leaked buffer fails the leak check and a released one does not. Calls the check
 * directly so the deliberate leak is consumed here and {@link LeakCheckExtension} stays green.
 */
class LeakCheckTest {

    @BeforeEach
    void startClean() {
        LeakRecorder.assertNoLeaks("tests before " + LeakCheckTest.class.getSimpleName());
    }

    @Test
    void leakedPooledBufferFailsTheCheck() {
        leakPooledBuffer();

        assertThatThrownBy(() -> LeakRecorder.assertNoLeaks("leakedPooledBufferFailsTheCheck"))
                .as("a pooled buffer dropped without release() must be reported")
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 leaked resource(s) during leakedPooledBufferFailsTheCheck")
                .hasMessageContaining("LEAK: ByteBuf.release() was not called")
                .as("the report shows where the buffer was created")
                .hasMessageContaining("leakPooledBuffer");
        assertThat(LeakRecorder.drain()).as("the check clears what it reported").isEmpty();
    }

    @Test
    void leakedUnpooledBufferFailsTheCheck() {
        leakUnpooledBuffer();

        assertThatThrownBy(() -> LeakRecorder.assertNoLeaks("leakedUnpooledBufferFailsTheCheck"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("leakUnpooledBuffer");
    }

    @Test
    void releasedBuffersPassTheCheck() {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42);
        ByteBuf unpooled = Unpooled.copyLong(7);
        pooled.release();
        unpooled.release();

        assertThatCode(() -> LeakRecorder.assertNoLeaks("releasedBuffersPassTheCheck"))
                .doesNotThrowAnyException();
    }

    /** A method of its own so no local variable of the test keeps the buffer reachable. */
    private static void leakPooledBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeInt(1);
    }

    /** Netty tracks unpooled direct buffers only; unpooled heap memory is the GC's business. */
    private static void leakUnpooledBuffer() {
        ByteBuf buffer = Unpooled.directBuffer(64);
        buffer.writeInt(2);
    }
}
