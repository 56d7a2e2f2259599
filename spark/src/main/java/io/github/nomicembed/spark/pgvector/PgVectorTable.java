package io.github.nomicembed.spark.pgvector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the {@code PgVectorStore} table when it is missing, or checks that an existing one has the job's
 * vector size. The app's {@code initialize-schema} adds the HNSW index (or create it yourself after the load).
 */
public final class PgVectorTable {

    private PgVectorTable() {
    }

    /**
     * Makes sure {@code target} exists with an {@code embedding vector(dimensions)} column.
     *
     * @throws IllegalStateException when the table exists with another vector size, or the database cannot be used
     */
    public static void ensure(PgVectorTarget target, int dimensions) {
        try (Connection c = target.connect()) {
            Integer existing = existingDimensions(c, target);
            if (existing == null) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS vector");
                    if (!"public".equals(target.schema())) {
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + target.schema());
                    }
                    // the layout PgVectorStore creates; gen_random_uuid() needs no extension (PostgreSQL 13+)
                    s.execute("CREATE TABLE IF NOT EXISTS " + target.table() + " (id uuid DEFAULT gen_random_uuid() "
                            + "PRIMARY KEY, content text, metadata json, embedding vector(" + dimensions + "))");
                }
            } else if (existing != dimensions) {
                throw new IllegalStateException("Table " + target.table() + " at " + target.safeUrl()
                        + " has embedding vector(" + existing + ") but the job makes " + dimensions
                        + "-dimensional vectors; use --dimensions " + existing + " or another --table");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare table " + target.table() + " at " + target.safeUrl()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The declared size of the embedding column, or null when the table does not exist. */
    static Integer existingDimensions(Connection c, PgVectorTarget target) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT a.atttypmod FROM pg_attribute a JOIN pg_class t "
                + "ON a.attrelid = t.oid JOIN pg_namespace n ON t.relnamespace = n.oid "
                + "WHERE n.nspname = ? AND t.relname = ? AND a.attname = 'embedding' AND NOT a.attisdropped")) {
            p.setString(1, target.schema());
            p.setString(2, target.name());
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : null;
            }
        }
    }
}
