package io.github.nomicembed.spark.pgvector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes rows {@code (id string, content string, embedding array<float>)} into a {@link PgVectorTarget}, one
 * connection per partition, in batches of {@code batchSize} rows, each batch one transaction. Upserts on id the
 * way {@code PgVectorStore} does ({@code ON CONFLICT (id) DO UPDATE}), so a re-run replaces instead of
 * duplicating. Rows without an embedding (null or blank text) are skipped and counted.
 */
public final class PgVectorWriter implements ForeachPartitionFunction<Row> {

    private final PgVectorTarget target;
    private final int batchSize;
    private final LongAccumulator written;
    private final LongAccumulator skipped;

    public PgVectorWriter(PgVectorTarget target, int batchSize, LongAccumulator written, LongAccumulator skipped) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        this.target = target;
        this.batchSize = batchSize;
        this.written = written;
        this.skipped = skipped;
    }

    @Override
    public void call(Iterator<Row> rows) throws SQLException {
        if (!rows.hasNext()) {
            return;
        }
        String sql = "INSERT INTO " + target.table() + " (id, content, metadata, embedding) VALUES (?, ?, ?::json, "
                + "?::vector) ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content, metadata = EXCLUDED.metadata, "
                + "embedding = EXCLUDED.embedding";
        try (Connection c = target.connect(); PreparedStatement insert = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            int pending = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (row.isNullAt(2)) {
                    skipped.add(1);
                    continue;
                }
                if (row.isNullAt(0)) {
                    throw new IllegalArgumentException("A row has a null id (text: " + abbreviate(row.getString(1))
                            + "); every row written to " + target.table() + " needs an id");
                }
                String id = row.get(0).toString();
                insert.setObject(1, DocumentIds.toUuid(id));
                insert.setString(2, row.getString(1));
                insert.setString(3, "{\"source_id\":" + jsonString(id) + "}");
                insert.setString(4, vectorLiteral(row.getList(2)));
                insert.addBatch();
                if (++pending == batchSize) {
                    flush(c, insert, pending);
                    pending = 0;
                }
            }
            if (pending > 0) {
                flush(c, insert, pending);
            }
        }
    }

    private void flush(Connection c, PreparedStatement insert, int rows) throws SQLException {
        insert.executeBatch();
        c.commit();
        written.add(rows);
    }

    /** pgvector's text form: {@code [0.1,-0.2,...]}. */
    static String vectorLiteral(List<Object> values) {
        StringBuilder sb = new StringBuilder(values.size() * 12).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(((Number) values.get(i)).floatValue());
        }
        return sb.append(']').toString();
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
