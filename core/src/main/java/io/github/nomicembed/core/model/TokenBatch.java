package io.github.nomicembed.core.model;

import java.util.Arrays;

/**
 * A right-padded batch of token ids ready for one forward pass.
 *
 * @param ids row-major {@code [batch, seqLen]} ids; positions past a row's length hold the pad id
 * @param lengths real (unpadded) length of each row, each at least 1
 * @param seqLen padded length (the longest row)
 */
public record TokenBatch(long[] ids, int[] lengths, int seqLen) {

    public TokenBatch {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one row");
        }
        if (ids.length != (long) lengths.length * seqLen) {
            throw new IllegalArgumentException("ids has " + ids.length + " entries, expected " + lengths.length + " x " + seqLen);
        }
        for (int l : lengths) {
            if (l < 1 || l > seqLen) {
                throw new IllegalArgumentException("row length " + l + " outside 1.." + seqLen);
            }
        }
    }

    /** Pads {@code rows} on the right with {@code padId} to the longest row. */
    public static TokenBatch pad(long[][] rows, long padId) {
        int seq = 0;
        for (long[] r : rows) {
            seq = Math.max(seq, r.length);
        }
        long[] ids = new long[rows.length * seq];
        Arrays.fill(ids, padId);
        int[] lengths = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, ids, i * seq, rows[i].length);
            lengths[i] = rows[i].length;
        }
        return new TokenBatch(ids, lengths, seq);
    }

    /** Number of rows. */
    public int size() {
        return lengths.length;
    }
}
