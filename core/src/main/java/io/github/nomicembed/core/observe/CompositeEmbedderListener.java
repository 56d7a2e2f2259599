package io.github.nomicembed.core.observe;

import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import java.util.List;

/** Tells every one of several listeners, in order; e.g. metrics and an application's own audit listener. */
public final class CompositeEmbedderListener implements EmbedderListener {

    private final List<EmbedderListener> listeners;

    private CompositeEmbedderListener(List<EmbedderListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** One listener telling all of {@code listeners}: {@link EmbedderListener#NONE} for none, itself for one. */
    public static EmbedderListener of(List<EmbedderListener> listeners) {
        if (listeners.isEmpty()) {
            return EmbedderListener.NONE;
        }
        return listeners.size() == 1 ? listeners.get(0) : new CompositeEmbedderListener(listeners);
    }

    @Override
    public void onRequest(int texts, long tokens) {
        listeners.forEach(l -> l.onRequest(texts, tokens));
    }

    @Override
    public void onTruncated(int texts) {
        listeners.forEach(l -> l.onTruncated(texts));
    }

    @Override
    public void onQueueWait(long nanos) {
        listeners.forEach(l -> l.onQueueWait(nanos));
    }

    @Override
    public void onSmallRequestWait(long nanos) {
        listeners.forEach(l -> l.onSmallRequestWait(nanos));
    }

    @Override
    public void onPreemption(int texts, long tokens) {
        listeners.forEach(l -> l.onPreemption(texts, tokens));
    }

    @Override
    public void onForward(int rows, long tokens, long paddedTokens, long nanos) {
        listeners.forEach(l -> l.onForward(rows, tokens, paddedTokens, nanos));
    }

    @Override
    public void onRejected(EmbeddingRejectedException.Reason reason) {
        listeners.forEach(l -> l.onRejected(reason));
    }

    @Override
    public void onOomSplit(int rows) {
        listeners.forEach(l -> l.onOomSplit(rows));
    }

    @Override
    public void onForwardFailure(Throwable error) {
        listeners.forEach(l -> l.onForwardFailure(error));
    }
}
