package io.github.nomicembed.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.PyTorchRuntime;
import io.github.nomicembed.core.weights.ModelWeights;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * A forward pass allocates no JVM direct buffers. DJL's {@code NDManager.create(long[]/float[]/Number)} copies
 * Java data into a fresh direct {@code ByteBuffer} that the array keeps; closing the array drops the reference
 * but the buffer's native memory only goes at the next GC, which a fixed, mostly idle heap rarely runs, so
 * per-pass creates showed up as RSS growth under load.
 */
class DirectBufferChurnTest {

    private static final int PASSES = 40;

    static BufferPoolMXBean directPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    }

    /** Collects until the direct pool stops shrinking, so buffers already garbage do not mask new ones. */
    static long settledCount() throws InterruptedException {
        BufferPoolMXBean pool = directPool();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 20 && pool.getCount() != last; i++) {
            last = pool.getCount();
            System.gc();
            Thread.sleep(50);
        }
        return pool.getCount();
    }

    @Test
    void forwardPassesLeaveTheDirectBufferPoolAlone() throws Exception {
        PyTorchRuntime.engine(0);
        Path dir = Paths.get(getClass().getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        NomicBertConfig config = new ConfigReader().read(dir.resolve("config.json"));
        // rows 0-2 share a length (one padded attention group with gather, key mask and real index), row 3 alone
        TokenBatch batch = TokenBatch.pad(new long[][] {
            {0, 10, 11, 12, 13, 2}, {0, 20, 21, 22, 23, 2}, {0, 30, 31, 32, 33, 2}, {0, 40, 2}}, config.padTokenId());
        ForwardTrace hidden = new ForwardTrace() { }; // wants the [B, S, H] arrays: the unpack index too
        try (ModelWeights w = ModelWeights.load(dir.resolve("model.safetensors"), config, Device.cpu(), ComputeType.FLOAT32);
             NomicBertModel m = new NomicBertModel(w, 16)) {
            float[][] first = m.forward(batch, ForwardTrace.NONE);
            long before = settledCount();
            long bytesBefore = directPool().getMemoryUsed();
            long grown = 0;
            long grownBytes = 0;
            for (int i = 0; i < PASSES; i++) {
                float[][] again = m.forward(batch, i % 2 == 0 ? ForwardTrace.NONE : hidden);
                assertThat(again).isEqualTo(first); // bit for bit
                // keep the highest point: a GC in the loop lowers the count again
                grown = Math.max(grown, directPool().getCount() - before);
                grownBytes = Math.max(grownBytes, directPool().getMemoryUsed() - bytesBefore);
            }
            System.out.printf("[direct] %d passes: direct buffers at most %+d, %+d bytes%n", PASSES, grown, grownBytes);
            // before the fix: +16 buffers a pass with this model (4 layers, 2 of them MoE)
            assertThat(grown).isLessThanOrEqualTo(4);
            assertThat(grownBytes).isLessThanOrEqualTo(4096);
        }
    }
}
