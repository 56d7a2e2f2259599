package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.PendingRequest.Piece;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's queue of callers' requests and the rules that cut it into forward passes. Not thread-safe:
 * {@link EmbeddingScheduler} guards it with its lock.
 *
 * <ul>
 *   <li>A normal pass ({@link #takePass}) takes texts of several requests up to the pass's text and token
 *       budget, round-robin: a request that had texts in a pass and has more goes to the back, so a bulk request
 *       is cut into budget-sized pieces. Requests that have not started get a pass of their own before the next
 *       piece of a started one, at most every other pass, so a bulk request always progresses.</li>
 *   <li>A small pass ({@link #takeSmall}) takes only small requests that have not started (at most
 *       {@code smallRequestTokens} tokens each), whole: what runs at a yield point of a larger pass, and what a
 *       worker takes first when small requests wait ({@link #takeNext}), though never twice in a row, so larger
 *       work still starts under a stream of small requests. A normal pass leaves small requests out while larger
 *       ones wait: they would wait for the whole pass, where they now run at its first yield point.</li>
 * </ul>
 */
final class RequestQueue {

    private final ArrayDeque<PendingRequest> queue = new ArrayDeque<>();
    private final int batchSize;
    private final int maxBatchTokens;
    private final int smallRequestTokens;
    private final EmbedderListener listener;
    private int texts;
    private long tokens;
    private int smallWaiting;
    private boolean lastPassFreshOnly;
    private boolean lastPassSmall;

    RequestQueue(int batchSize, int maxBatchTokens, int smallRequestTokens, EmbedderListener listener) {
        this.batchSize = batchSize;
        this.maxBatchTokens = maxBatchTokens;
        this.smallRequestTokens = smallRequestTokens;
        this.listener = listener;
    }

    /** Whether {@code r} is small: it may run at a yield point of a larger pass. */
    boolean isSmall(PendingRequest r) {
        return smallRequestTokens > 0 && r.totalTokens() <= smallRequestTokens;
    }

    /**
     * Whether small requests may run inside {@code pass}: when it carries a large request's texts. A pass of small
     * requests only (many concurrent queries) is not cut: the queries arriving meanwhile go into the next pass
     * together, where running each at a yield point would stream all the weights once per query.
     */
    boolean yieldsTo(List<Piece> pass) {
        if (smallRequestTokens <= 0) {
            return false;
        }
        for (Piece p : pass) {
            if (!isSmall(p.request())) {
                return true;
            }
        }
        return false;
    }

    void add(PendingRequest r) {
        queue.addLast(r);
        texts += r.size();
        tokens += r.tokensLeft();
        if (isSmall(r)) {
            smallWaiting++;
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int texts() {
        return texts;
    }

    long tokens() {
        return tokens;
    }

    /** Small requests that have not started. */
    int smallWaiting() {
        return smallWaiting;
    }

    /** Takes the next pass: the waiting small requests, unless the last pass was such a pass, else a normal one. */
    List<Piece> takeNext() {
        if (smallWaiting > 0 && !lastPassSmall) {
            lastPassSmall = true;
            return takeSmall();
        }
        lastPassSmall = false;
        return takePass();
    }

    /** Takes up to one normal pass of texts. */
    List<Piece> takePass() {
        boolean anyLarge = false;
        for (PendingRequest r : queue) {
            anyLarge |= !isSmall(r);
        }
        boolean anyFresh = false;
        boolean anyStarted = false;
        for (PendingRequest r : queue) {
            anyFresh |= !r.started() && !(anyLarge && isSmall(r));
            anyStarted |= r.started();
        }
        boolean freshOnly = anyFresh && !(anyStarted && lastPassFreshOnly);
        lastPassFreshOnly = freshOnly && anyStarted;
        List<Piece> pass = new ArrayList<>();
        List<PendingRequest> skipped = new ArrayList<>();
        long passTokens = 0;
        int requests = queue.size();
        long now = System.nanoTime();
        for (int i = 0; i < requests && pass.size() < batchSize && passTokens < maxBatchTokens; i++) {
            PendingRequest r = queue.pollFirst();
            boolean wasStarted = r.started();
            boolean leaveOut = (freshOnly && wasStarted) || (anyLarge && !wasStarted && isSmall(r));
            int before = pass.size();
            while (r.hasNext() && pass.size() < batchSize && !leaveOut
                    && (pass.isEmpty() || passTokens + r.nextLength() <= maxBatchTokens)) {
                Piece p = r.take();
                pass.add(p);
                passTokens += p.text().length();
            }
            if (pass.size() == before) {
                skipped.add(r); // nothing taken: keeps its place
                continue;
            }
            if (!wasStarted) {
                started(r, now);
            }
            if (r.hasNext()) {
                queue.addLast(r); // had its turn: to the back
            }
        }
        for (int i = skipped.size() - 1; i >= 0; i--) {
            queue.addFirst(skipped.get(i));
        }
        texts -= pass.size();
        tokens -= passTokens;
        return pass;
    }

    /** Takes the small requests that have not started, whole, up to one pass's budget; empty if none wait. */
    List<Piece> takeSmall() {
        List<Piece> pass = new ArrayList<>();
        if (smallWaiting == 0) {
            return pass;
        }
        long passTokens = 0;
        long now = System.nanoTime();
        for (var it = queue.iterator(); it.hasNext(); ) {
            PendingRequest r = it.next();
            if (r.started() || !isSmall(r)) {
                continue;
            }
            if (!pass.isEmpty() && (pass.size() + r.size() > batchSize || passTokens + r.tokensLeft() > maxBatchTokens)) {
                break;
            }
            it.remove();
            started(r, now);
            texts -= r.size();
            tokens -= r.tokensLeft();
            while (r.hasNext()) {
                Piece p = r.take();
                pass.add(p);
                passTokens += p.text().length();
            }
        }
        return pass;
    }

    private void started(PendingRequest r, long now) {
        long waited = now - r.enqueuedNanos();
        listener.onQueueWait(waited);
        if (isSmall(r)) {
            smallWaiting--;
            listener.onSmallRequestWait(waited);
        }
    }

    /** Removes what is left of {@code r}. */
    void remove(PendingRequest r) {
        if (queue.remove(r)) {
            texts -= r.textsLeft();
            tokens -= r.tokensLeft();
            if (!r.started() && isSmall(r)) {
                smallWaiting--;
            }
        }
    }

    /** Empties the queue and returns what was in it. */
    List<PendingRequest> clear() {
        List<PendingRequest> left = new ArrayList<>(queue);
        queue.clear();
        texts = 0;
        tokens = 0;
        smallWaiting = 0;
        return left;
    }
}
