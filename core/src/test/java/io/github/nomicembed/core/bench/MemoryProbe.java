package io.github.nomicembed.core.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Whether RssAnon growth under varied batch shapes is memory glibc keeps after libtorch freed it, or live
 * native memory: embeds random slices of a mixed corpus for a while, then asks glibc to give free memory back
 * ({@code malloc_trim(0)}) and prints RssAnon before and after. The engine trims after every pass itself
 * ({@code NativeMemory}); run with {@code -Dnomic.embedding.malloc-trim=false} to see the growth without it.
 * Args: model dir, seconds.
 */
public final class MemoryProbe {

    interface LibC extends Library {
        int malloc_trim(long pad);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        LibC libc = Native.load("c", LibC.class);
        long pid = ProcessHandle.current().pid();
        try (NomicEmbedder e = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build())) {
            List<String> corpus = Benchmark.corpus(e, 96, 16, 512, 11);
            SplittableRandom rnd = new SplittableRandom(5);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int calls = 0;
            System.out.printf("start RssAnon %.0f MB%n", Benchmark.rssAnonMb(pid));
            while (System.nanoTime() < end) {
                int from = rnd.nextInt(corpus.size() - 8);
                e.embed(corpus.subList(from, from + 1 + rnd.nextInt(8)), EmbeddingTask.NONE);
                if (++calls % 10 == 0) {
                    System.out.printf("calls %d RssAnon %.0f MB%n", calls, Benchmark.rssAnonMb(pid));
                }
            }
            System.gc();
            double before = Benchmark.rssAnonMb(pid);
            long t0 = System.nanoTime();
            libc.malloc_trim(0);
            System.out.printf("after %d calls: RssAnon %.0f MB, after malloc_trim(0) %.0f MB (%.1f ms)%n", calls,
                    before, Benchmark.rssAnonMb(pid), (System.nanoTime() - t0) / 1e6);
        }
    }
}
