package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real forward pass of a (scheduler-off) embedder behind a gate: while the gate is closed a worker that
 * took a pass waits, so tests can queue callers behind it deterministically. Records every pass it ran.
 */
final class GatedForward implements EmbeddingScheduler.Forward {

    private final NomicEmbedder embedder;
    private final CountDownLatch open = new CountDownLatch(1);
    private final CountDownLatch firstPassTaken = new CountDownLatch(1);
    final List<List<Tokenized>> passes = Collections.synchronizedList(new ArrayList<>());

    GatedForward(NomicEmbedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public float[][] run(List<Tokenized> texts) {
        passes.add(List.copyOf(texts));
        firstPassTaken.countDown();
        try {
            if (!open.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return embedder.pooled(texts, ForwardTrace.NONE);
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
