package io.github.nomicembed.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Host-side layout of one {@link TokenBatch} without its padding: the real tokens of all rows packed one row
 * after another ({@code N = Σ lengths}), each token's position in its own row, and how rows are grouped for
 * attention.
 *
 * <p>Everything but attention works on the packed {@code [N, H]} tokens, so padding costs nothing there.
 * Attention runs per group of consecutive rows: a group of one row attends over exactly its own tokens (no
 * mask); rows of similar length are grouped (padded to the group's longest, with a key mask) only when that
 * wastes little and the group's score tensor stays small enough to be cache resident, which saves per-call
 * overhead on short rows.
 */
final class Packing {

    /** One attention group of {@code rows} consecutive rows starting at {@code firstRow}, padded to {@code len}. */
    record Group(int firstRow, int rows, int len, int offset, int tokens) {

        /** Packed row of every padded position {@code [rows·len]}; pads repeat the row's first token. */
        long[] gatherIndex(Packing p) {
            long[] idx = new long[rows * len];
            for (int r = 0; r < rows; r++) {
                int row = firstRow + r;
                int off = p.offsets[row];
                for (int j = 0; j < len; j++) {
                    idx[r * len + j] = off + (j < p.lengths[row] ? j : 0);
                }
            }
            return idx;
        }

        /** Additive key bias {@code [rows·len]}: 0 for real keys, -FLT_MAX for pads. */
        float[] maskBias(Packing p) {
            float[] bias = new float[rows * len];
            for (int r = 0; r < rows; r++) {
                Arrays.fill(bias, r * len + p.lengths[firstRow + r], (r + 1) * len, -Float.MAX_VALUE);
            }
            return bias;
        }

        /** Padded position of every real token of the group, in packed order {@code [tokens]}. */
        long[] realIndex(Packing p) {
            long[] idx = new long[tokens];
            int k = 0;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < p.lengths[firstRow + r]; j++) {
                    idx[k++] = (long) r * len + j;
                }
            }
            return idx;
        }
    }

    final int[] lengths;
    final int[] offsets;
    final int tokens;
    final long[] ids;
    final long[] positions;
    final List<Group> groups;

    /**
     * @param maxWaste largest fraction of padded positions a multi-row attention group may have
     * @param scoreBudget largest score tensor (elements, all heads) a multi-row attention group may have
     * @param heads attention heads
     */
    Packing(TokenBatch batch, double maxWaste, long scoreBudget, int heads) {
        this.lengths = batch.lengths();
        int b = lengths.length;
        this.offsets = new int[b];
        int n = 0;
        for (int r = 0; r < b; r++) {
            offsets[r] = n;
            n += lengths[r];
        }
        this.tokens = n;
        this.ids = new long[n];
        this.positions = new long[n];
        long[] padded = batch.ids();
        int s = batch.seqLen();
        for (int r = 0; r < b; r++) {
            System.arraycopy(padded, r * s, ids, offsets[r], lengths[r]);
            for (int j = 0; j < lengths[r]; j++) {
                positions[offsets[r] + j] = j;
            }
        }
        List<Group> gs = new ArrayList<>();
        int r = 0;
        while (r < b) {
            int rows = 1;
            int len = lengths[r];
            int sum = lengths[r];
            while (r + rows < b) {
                int l2 = Math.max(len, lengths[r + rows]);
                int sum2 = sum + lengths[r + rows];
                long padTotal = (long) (rows + 1) * l2;
                if (padTotal - sum2 > maxWaste * padTotal || padTotal * l2 * heads > scoreBudget) {
                    break;
                }
                rows++;
                len = l2;
                sum = sum2;
            }
            gs.add(new Group(r, rows, len, offsets[r], sum));
            r += rows;
        }
        this.groups = List.copyOf(gs);
    }

    /** Packed row of every position of the padded {@code [B, S]} layout; pads map to {@code N} (a zero row). */
    long[] unpackIndex(int seqLen) {
        long[] idx = new long[lengths.length * seqLen];
        for (int r = 0; r < lengths.length; r++) {
            for (int j = 0; j < seqLen; j++) {
                idx[r * seqLen + j] = j < lengths[r] ? offsets[r] + j : tokens;
            }
        }
        return idx;
    }
}
