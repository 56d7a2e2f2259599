package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Embedding calls, through the request scheduler as a server runs them, allocate no JVM direct buffers (see
 * {@code DirectBufferChurnTest} for why they mattered): the pool's count and bytes stay where they were.
 */
class DirectBufferPoolTest {

    private static final int CALLS = 40;

    private static BufferPoolMXBean directPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    }

    @Test
    void embedCallsLeaveTheDirectBufferPoolAlone() throws InterruptedException {
        List<String> texts = Fixture.strings(Fixture.golden().get("inputs"), "text");
        try (NomicEmbedder e = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optBatchSize(3).build())) {
            e.embed(texts, EmbeddingTask.NONE);
            BufferPoolMXBean pool = directPool();
            long last = Long.MAX_VALUE;
            for (int i = 0; i < 20 && pool.getCount() != last; i++) { // let garbage buffers go first
                last = pool.getCount();
                System.gc();
                Thread.sleep(50);
            }
            long count = pool.getCount();
            long bytes = pool.getMemoryUsed();
            long grown = 0;
            long grownBytes = 0;
            for (int i = 0; i < CALLS; i++) {
                e.embed(i % 2 == 0 ? texts : texts.subList(0, 1 + i % texts.size()), EmbeddingTask.QUERY);
                grown = Math.max(grown, pool.getCount() - count); // a GC in the loop lowers it again: keep the peak
                grownBytes = Math.max(grownBytes, pool.getMemoryUsed() - bytes);
            }
            System.out.printf("[direct] %d embed calls: direct buffers at most %+d, %+d bytes%n", CALLS, grown, grownBytes);
            assertThat(grown).isLessThanOrEqualTo(4);
            assertThat(grownBytes).isLessThanOrEqualTo(4096);
        }
    }
}
