package io.github.nomicembed.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link EmbedJob}, parsed and checked. See {@link #USAGE}.
 *
 * @param input input path (file or directory, any Hadoop file system)
 * @param inputFormat {@code parquet|json|csv} (json = JSON lines, csv with a header row)
 * @param idColumn id column
 * @param textColumn text column
 * @param output output path, or a {@code jdbc:postgresql:} URL
 * @param outputFormat {@code parquet|json} for a path output
 * @param table table for a JDBC output ({@code name} or {@code schema.name})
 * @param user database user, or null for the URL's
 * @param password database password, or null for the URL's
 * @param model the model source
 * @param prompt {@code query}, {@code document}, {@code none} or any prompt name of the model (e.g.
 *     {@code Clustering})
 * @param dimensions output dimensions, 0 for the model's full size
 * @param spec model settings (batching, truncation, device, threads) with the model source
 * @param partitions repartition the input into this many partitions, 0 to keep the input's
 * @param overwrite replace an existing output path
 * @param jdbcBatchSize rows per JDBC batch (and transaction)
 */
public record JobOptions(String input, String inputFormat, String idColumn, String textColumn, String output,
        String outputFormat, String table, String user, String password, ModelSource model, String prompt,
        int dimensions, EmbedderSpec spec, int partitions, boolean overwrite, int jdbcBatchSize)
        implements Serializable {

    public static final String USAGE = """
            Usage: EmbedJob --input PATH [--input-format parquet|json|csv] [--id-column id] [--text-column text]
                            (--output PATH [--output-format parquet|json] [--overwrite]
                             | --output jdbc:postgresql://HOST:PORT/DB [--table vector_store] [--user U] [--password P]
                               [--jdbc-batch-size 256])
                            (--model-path DIR | --model-id ORG/NAME [--revision R] [--cache-dir DIR] [--offline])
                            [--prompt document|query|none|NAME] [--dimensions N] [--batch-size 64]
                            [--max-batch-tokens 4096] [--truncation truncate|error] [--device auto|cpu|cuda:N]
                            [--threads N] [--partitions N]
            """;

    private static final Set<String> FLAGS = Set.of("offline", "overwrite");
    private static final Set<String> VALUED = Set.of("input", "input-format", "id-column", "text-column", "output",
            "output-format", "table", "user", "password", "model-path", "model-id", "revision", "cache-dir", "prompt",
            "dimensions", "batch-size", "max-batch-tokens", "truncation", "device", "threads", "partitions",
            "jdbc-batch-size");

    /** Whether the output is a PostgreSQL table. */
    public boolean jdbcOutput() {
        return output.startsWith("jdbc:");
    }

    /**
     * Parses {@code --name value} pairs and the flags {@code --offline}, {@code --overwrite}.
     *
     * @throws IllegalArgumentException naming the option that is wrong and what is allowed
     */
    public static JobOptions parse(String... args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + a + "'; options start with --");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            if (!FLAGS.contains(name) && !VALUED.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "; allowed: --"
                        + String.join(", --", VALUED.stream().sorted().toList()) + ", --offline, --overwrite");
            }
            if (o.put(name, value) != null) {
                throw new IllegalArgumentException("Option --" + name + " is given twice");
            }
        }
        String input = required(o, "input");
        String output = required(o, "output");
        boolean jdbc = output.startsWith("jdbc:");
        if (jdbc && !output.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--output " + output + ": only jdbc:postgresql: URLs are supported");
        }
        if (!jdbc) {
            for (String dbOnly : List.of("table", "user", "password", "jdbc-batch-size")) {
                if (o.containsKey(dbOnly)) {
                    throw new IllegalArgumentException("--" + dbOnly + " is for a jdbc:postgresql: --output only");
                }
            }
        } else if (o.containsKey("output-format") || o.containsKey("overwrite")) {
            throw new IllegalArgumentException("--output-format and --overwrite are for a path --output only; "
                    + "a table is written idempotently on id");
        }
        ModelSource model = o.containsKey("model-path")
                ? new ModelSource(o.get("model-path"), o.get("model-id"), o.get("revision"), o.get("cache-dir"), false)
                : ModelSource.hub(o.getOrDefault("model-id", io.github.nomicembed.modelcache.ModelCache.DEFAULT_MODEL_ID), o.get("revision"), o.get("cache-dir"),
                        Boolean.parseBoolean(o.getOrDefault("offline", "false")));
        if (o.containsKey("model-path") && o.containsKey("offline")) {
            throw new IllegalArgumentException("--offline is for --model-id only (a --model-path is always local)");
        }
        EmbedderSpec spec = new EmbedderSpec(model, o.get("device"), intOption(o, "batch-size", 64, 1),
                intOption(o, "max-batch-tokens", 4096, 1), o.getOrDefault("truncation", "truncate"),
                intOption(o, "threads", 0, 0));
        return new JobOptions(input, format(o.get("input-format"), input, List.of("parquet", "json", "csv"),
                "input-format"), o.getOrDefault("id-column", "id"), o.getOrDefault("text-column", "text"), output,
                jdbc ? null : format(o.getOrDefault("output-format", "parquet"), output, List.of("parquet", "json"),
                        "output-format"),
                jdbc ? o.getOrDefault("table", "vector_store") : null, o.get("user"), o.get("password"), model,
                PromptSelector.validate(o.getOrDefault("prompt", "document")), intOption(o, "dimensions", 0, 1),
                spec, intOption(o, "partitions", 0, 1), o.containsKey("overwrite"),
                intOption(o, "jdbc-batch-size", 256, 1));
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("Missing --" + name);
        }
        return v;
    }

    /** The format given, or one inferred from the input's extension (parquet when there is none). */
    private static String format(String given, String path, List<String> allowed, String name) {
        String f = given;
        if (f == null) {
            String p = path.toLowerCase(Locale.ROOT);
            f = p.endsWith(".csv") ? "csv" : p.endsWith(".json") || p.endsWith(".jsonl") ? "json" : "parquet";
        }
        f = f.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(f)) {
            throw new IllegalArgumentException("--" + name + " '" + given + "' is not supported; allowed: "
                    + String.join(", ", allowed));
        }
        return f;
    }

    private static int intOption(Map<String, String> o, String name, int dflt, int min) {
        String v = o.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min) {
                throw new IllegalArgumentException("--" + name + " must be >= " + min + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, was '" + v + "'");
        }
    }
}
