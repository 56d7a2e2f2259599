package io.github.nomicembed.spark.pgvector;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL table in Spring AI's {@code PgVectorStore} layout: {@code id uuid PRIMARY KEY, content text,
 * metadata json, embedding vector(N)}. Serializable: executors open their own connections.
 *
 * @param url {@code jdbc:postgresql://...} (may carry {@code user}/{@code password} parameters)
 * @param table {@code name} or {@code schema.name}
 * @param user user, or null for the URL's
 * @param password password, or null for the URL's
 */
public record PgVectorTarget(String url, String table, String user, String password) implements Serializable {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public PgVectorTarget {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + url + "; expected jdbc:postgresql://...");
        }
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("Invalid table name '" + table
                    + "'; allowed: name or schema.name of letters, digits and _ (e.g. vector_store)");
        }
    }

    /** A new connection (the PostgreSQL driver is on the job's classpath). */
    Connection connect() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return new org.postgresql.Driver().connect(url, p);
    }

    /** The schema, {@code public} when the table name has none. */
    String schema() {
        int dot = table.indexOf('.');
        return dot < 0 ? "public" : table.substring(0, dot);
    }

    /** The table name without schema. */
    String name() {
        int dot = table.indexOf('.');
        return dot < 0 ? table : table.substring(dot + 1);
    }

    /** URL without credentials, for messages. */
    String safeUrl() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
