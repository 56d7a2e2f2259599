package io.github.nomicembed.spark;

import io.github.nomicembed.core.EmbeddingResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Embeds one partition: streams its rows in groups of {@code rowsPerCall}, embeds each group with one engine call
 * (which cuts it into token-budget batches), and appends the embedding, token count and optional ML vector to
 * each row. Row order is kept. A null, empty or blank text gets null outputs. The model comes from
 * {@link ExecutorModels} and is given back when the task completes.
 */
final class PartitionEmbedder implements MapPartitionsFunction<Row, Row> {

    private final EmbedderSpec spec;
    private final String prompt;
    private final int dimensions;
    private final int textIndex;
    private final String textColumn;
    private final boolean tokens;
    private final boolean vector;
    private final int rowsPerCall;

    PartitionEmbedder(EmbedderSpec spec, String prompt, int dimensions, int textIndex, String textColumn,
            boolean tokens, boolean vector, int rowsPerCall) {
        this.spec = spec;
        this.prompt = prompt;
        this.dimensions = dimensions;
        this.textIndex = textIndex;
        this.textColumn = textColumn;
        this.tokens = tokens;
        this.vector = vector;
        this.rowsPerCall = rowsPerCall;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows; // an empty partition loads no model
        }
        ExecutorModels.Lease lease = ExecutorModels.acquire(spec);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> lease.close());
        }
        return new Embedded(rows, lease, task == null ? -1 : task.partitionId());
    }

    /** Output rows, embedded a group at a time. */
    private final class Embedded implements Iterator<Row> {
        private final Iterator<Row> input;
        private final ExecutorModels.Lease lease;
        private final int partition;
        private Iterator<Row> group = java.util.Collections.emptyIterator();
        private long rowsSeen;

        Embedded(Iterator<Row> input, ExecutorModels.Lease lease, int partition) {
            this.input = input;
            this.lease = lease;
            this.partition = partition;
        }

        @Override
        public boolean hasNext() {
            if (group.hasNext()) {
                return true;
            }
            if (!input.hasNext()) {
                lease.close(); // also closed on task completion; closing twice is harmless
                return false;
            }
            group = nextGroup();
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return group.next();
        }

        private Iterator<Row> nextGroup() {
            List<Row> in = new ArrayList<>(rowsPerCall);
            List<String> texts = new ArrayList<>(rowsPerCall);
            List<Integer> at = new ArrayList<>(rowsPerCall);
            while (in.size() < rowsPerCall && input.hasNext()) {
                Row row = input.next();
                String text = row.isNullAt(textIndex) ? null : row.getString(textIndex);
                if (text != null && !text.isBlank()) {
                    at.add(in.size());
                    texts.add(text);
                }
                in.add(row);
            }
            EmbeddingResult result = embed(texts, at);
            Object[][] extra = new Object[in.size()][];
            for (int i = 0; i < at.size(); i++) {
                float[] v = result.vectors().get(i);
                extra[at.get(i)] = new Object[] {v, result.tokenCounts()[i], vector ? Vectors.dense(toDouble(v)) : null};
            }
            List<Row> out = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                out.add(append(in.get(i), extra[i]));
            }
            rowsSeen += in.size();
            return out.iterator();
        }

        private EmbeddingResult embed(List<String> texts, List<Integer> at) {
            if (texts.isEmpty()) {
                return new EmbeddingResult(List.of(), new int[0]);
            }
            try {
                return PromptSelector.embed(lease.embedder(), texts, prompt, dimensions);
            } catch (IllegalArgumentException e) {
                // e.g. "texts[3] has 700 tokens ...": say which row of which partition that was
                String where = rowOf(e.getMessage(), at);
                throw new IllegalArgumentException("Cannot embed column '" + textColumn + "' in partition "
                        + partition + where + ": " + e.getMessage(), e);
            }
        }

        private String rowOf(String message, List<Integer> at) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^texts\\[(\\d+)]").matcher(
                    message == null ? "" : message);
            if (m.find()) {
                int i = Integer.parseInt(m.group(1));
                if (i < at.size()) {
                    return ", row " + (rowsSeen + at.get(i)) + " of the partition";
                }
            }
            return "";
        }

        private Row append(Row row, Object[] extra) {
            int n = row.length();
            Object[] values = new Object[n + 1 + (tokens ? 1 : 0) + (vector ? 1 : 0)];
            for (int i = 0; i < n; i++) {
                values[i] = row.get(i);
            }
            int k = n;
            values[k++] = extra == null ? null : extra[0];
            if (tokens) {
                values[k++] = extra == null ? null : extra[1];
            }
            if (vector) {
                values[k] = extra == null ? null : extra[2];
            }
            return RowFactory.create(values);
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
