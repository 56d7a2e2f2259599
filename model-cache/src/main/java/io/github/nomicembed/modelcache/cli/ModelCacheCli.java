package io.github.nomicembed.modelcache.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.nomicembed.modelcache.ByteFormat;
import io.github.nomicembed.modelcache.CacheScanner;
import io.github.nomicembed.modelcache.CacheVerifier;
import io.github.nomicembed.modelcache.CachedModel;
import io.github.nomicembed.modelcache.ModelCache;
import io.github.nomicembed.modelcache.ModelCacheException;
import io.github.nomicembed.modelcache.VerificationReport;

/**
 * Command line for preparing model caches (container images, air-gapped hosts):
 *
 * <pre>
 * java -jar nomic-embed-model-cache-&lt;version&gt;-cli.jar prefetch [model-id] [--revision R] [--cache-dir D]
 *                                                       [--endpoint URL] [--token-env VAR]
 * java -jar nomic-embed-model-cache-&lt;version&gt;-cli.jar list [--cache-dir D]
 * java -jar nomic-embed-model-cache-&lt;version&gt;-cli.jar verify [model-id] [--revision R] [--cache-dir D]
 * </pre>
 *
 * Exit codes: {@value #OK} success, {@value #VERIFY_FAILED} verification found corrupt or missing files (or the
 * model is not cached), {@value #USAGE} invalid command line, {@value #FAILED} the model could not be fetched
 * (network, authentication, not found, checksum, disk).
 */
public final class ModelCacheCli {

    static final int OK = 0;
    static final int VERIFY_FAILED = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean interactive;

    ModelCacheCli(PrintStream out, PrintStream err, Map<String, String> env, boolean interactive) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        // before any logger exists: the library's own logging goes to stderr, warnings only
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        int code = new ModelCacheCli(System.out, System.err, System.getenv(), System.console() != null).run(args);
        System.exit(code);
    }

    int run(String... args) {
        List<String> all = Arrays.asList(args);
        if (all.isEmpty() || Set.of("help", "--help", "-h").contains(all.get(0))) {
            usage(all.isEmpty() ? err : out);
            return all.isEmpty() ? USAGE : OK;
        }
        String command = all.get(0);
        List<String> rest = all.subList(1, all.size());
        try {
            switch (command) {
                case "prefetch":
                    return prefetch(CliArguments.parse(command, rest,
                            Set.of("revision", "cache-dir", "endpoint", "token-env"), 1));
                case "list":
                    return list(CliArguments.parse(command, rest, Set.of("cache-dir"), 0));
                case "verify":
                    return verify(CliArguments.parse(command, rest, Set.of("revision", "cache-dir"), 1));
                default:
                    throw new CliArguments.UsageException("unknown command '" + command + "'");
            }
        } catch (CliArguments.UsageException e) {
            err.println("error: " + e.getMessage());
            usage(err);
            return USAGE;
        } catch (ModelCacheException e) {
            err.println("error: " + e.getMessage());
            return command.equals("verify") ? VERIFY_FAILED : FAILED;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("error: " + e);
            return FAILED;
        }
    }

    private int prefetch(CliArguments args) throws CliArguments.UsageException {
        String modelId = args.positional(0).orElse(ModelCache.DEFAULT_MODEL_ID);
        String revision = args.option("revision").orElse(ModelCache.defaultRevision(modelId));
        ModelCache.Builder builder = builder(args)
                .optProgressListener(new ConsoleProgressBar(err, interactive, System::nanoTime));
        args.option("endpoint").ifPresent(builder::optEndpoint);
        if (args.option("token-env").isPresent()) {
            String variable = args.option("token-env").get();
            String token = env.get(variable);
            if (token == null || token.isBlank()) {
                throw new CliArguments.UsageException("--token-env " + variable + ": that environment variable is "
                        + "not set");
            }
            builder.optToken(token);
        }
        ModelCache cache = builder.build();
        err.println(cache.config().offline()
                ? "Offline mode (HF_HUB_OFFLINE): looking for " + modelId + " at revision " + revision + " in "
                        + cache.config().cacheDir()
                : "Fetching " + modelId + " at revision " + revision + " from " + cache.config().endpoint()
                        + " into " + cache.config().cacheDir());
        Path snapshot = cache.resolve(modelId, revision);
        err.println("Ready: " + modelId + " at revision " + revision);
        out.println(snapshot);
        return OK;
    }

    private int list(CliArguments args) throws IOException {
        Path cacheDir = cacheDir(args);
        List<CachedModel> models = new CacheScanner(cacheDir).scan();
        if (models.isEmpty()) {
            out.println("No models in " + cacheDir);
            return OK;
        }
        out.println("Models in " + cacheDir + ":");
        for (CachedModel model : models) {
            out.println(model.modelId() + "  " + ByteFormat.bytes(model.blobBytes())
                    + (model.incompleteBytes() > 0
                            ? "  (+" + ByteFormat.bytes(model.incompleteBytes()) + " interrupted download)" : ""));
            for (CachedModel.Snapshot s : model.snapshots()) {
                out.println("  " + s.commit() + "  " + s.files() + " files  " + ByteFormat.bytes(s.bytes())
                        + (s.refs().isEmpty() ? "" : "  refs: " + String.join(", ", s.refs())));
            }
        }
        return OK;
    }

    private int verify(CliArguments args) throws IOException {
        String modelId = args.positional(0).orElse(ModelCache.DEFAULT_MODEL_ID);
        Path cacheDir = cacheDir(args);
        VerificationReport report = new CacheVerifier(cacheDir).verify(modelId, args.option("revision").orElse(null));
        for (VerificationReport.FileCheck check : report.files()) {
            out.println(String.format("%-9s %s  %s  %s", check.status(), check.commit(), check.file(), check.detail()));
        }
        if (report.ok()) {
            out.println("OK: " + report.files().size() + " files of " + modelId + " verified");
            return OK;
        }
        err.println("error: " + modelId + " has corrupt or missing files in " + cacheDir + "; delete the listed "
                + "blobs and run 'prefetch' again");
        return VERIFY_FAILED;
    }

    private ModelCache.Builder builder(CliArguments args) {
        ModelCache.Builder builder = ModelCache.builder(env);
        args.option("cache-dir").map(Path::of).ifPresent(builder::optCacheDir);
        return builder;
    }

    private Path cacheDir(CliArguments args) {
        return builder(args).build().config().cacheDir();
    }

    private static void usage(PrintStream to) {
        to.println(String.join(System.lineSeparator(),
                "Usage: java -jar nomic-embed-model-cache-<version>-cli.jar <command> [options]",
                "",
                "Commands:",
                "  prefetch [model-id]  download a model into the cache (prints the snapshot directory)",
                "      --revision R       branch, tag or commit (default: the pinned commit of "
                        + ModelCache.DEFAULT_MODEL_ID + ", else main)",
                "      --cache-dir D      hub cache directory (default: HF_HUB_CACHE, HF_HOME/hub, "
                        + "~/.cache/huggingface/hub)",
                "      --endpoint URL     Hub or mirror (default: HF_ENDPOINT, https://huggingface.co)",
                "      --token-env VAR    read the access token from environment variable VAR (default: HF_TOKEN)",
                "  list                 list cached models, snapshots, refs and sizes   [--cache-dir D]",
                "  verify [model-id]    re-hash cached files against their checksums  [--revision R] [--cache-dir D]",
                "  help                 this text",
                "",
                "model-id defaults to " + ModelCache.DEFAULT_MODEL_ID + ".",
                "Exit codes: 0 success, 1 verification failed or not cached, 2 invalid command line, "
                        + "3 fetch failed."));
    }
}
