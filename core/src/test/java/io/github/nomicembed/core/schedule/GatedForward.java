package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.EngineTestAccess;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.model.YieldPoint;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real forward pass of a (scheduler-off) embedder behind a gate: while the gate is closed a worker that
 * took a pass waits, so tests can queue callers behind it deterministically; while it waits it calls the pass's
 * yield point every few milliseconds, as a long pass would between its layers. Records every pass it ran.
 */
final class GatedForward implements EmbeddingScheduler.Forward {

    private final NomicEmbedder embedder;
    private final CountDownLatch open = new CountDownLatch(1);
    private final CountDownLatch firstPassTaken = new CountDownLatch(1);
    final List<List<Tokenized>> passes = Collections.synchronizedList(new ArrayList<>());

    private final long gateAbove;
    private boolean gateFirstOnly;

    GatedForward(NomicEmbedder embedder) {
        this(embedder, 0);
    }

    /** Gates only passes of more than {@code gateAbove} tokens; smaller ones run straight through. */
    GatedForward(NomicEmbedder embedder, long gateAbove) {
        this.embedder = embedder;
        this.gateAbove = gateAbove;
    }

    @Override
    public float[][] run(List<Tokenized> texts, YieldPoint yield) {
        passes.add(List.copyOf(texts));
        if (texts.stream().mapToLong(Tokenized::length).sum() <= gateAbove || (gateFirstOnly && passes.size() > 1)) {
            return EngineTestAccess.pooled(embedder, texts, ForwardTrace.NONE);
        }
        firstPassTaken.countDown();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!open.await(5, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("gate never opened");
                }
                yield.yieldNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return EngineTestAccess.pooled(embedder, texts, ForwardTrace.NONE);
    }

    /** Gates only the first pass; later ones run straight through. */
    GatedForward firstOnly() {
        gateFirstOnly = true;
        return this;
    }

    /** Blocks until a worker has taken its first pass (and waits at the gate). */
    void awaitFirstPass() throws InterruptedException {
        if (!firstPassTaken.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no pass started");
        }
    }

    void open() {
        open.countDown();
    }

    /** Index of the first pass that contains {@code text} (by identity), or -1. */
    int passOf(Tokenized text) {
        synchronized (passes) {
            for (int i = 0; i < passes.size(); i++) {
                for (Tokenized t : passes.get(i)) {
                    if (t == text) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** Index of the last pass that contains any of {@code texts} (by identity), or -1. */
    int lastPassOf(List<Tokenized> texts) {
        int last = -1;
        for (Tokenized t : texts) {
            synchronized (passes) {
                for (int i = 0; i < passes.size(); i++) {
                    if (passes.get(i).stream().anyMatch(p -> p == t)) {
                        last = Math.max(last, i);
                    }
                }
            }
        }
        return last;
    }
}
