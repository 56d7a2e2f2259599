package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

/**
 * Makes a Hugging Face Hub model available as a local directory, in the {@code huggingface_hub} cache shared with
 * the Python tools. A model already in the cache is used without any request when the revision is a commit id.
 * Downloads resume after a dropped connection, are checked against the Hub's sha256, are locked across processes
 * and appear in {@code snapshots/} only once complete. In offline mode only the cache is used.
 *
 * <pre>{@code
 * ModelCache cache = ModelCache.builder()
 *         .optCacheDir(Path.of("/var/cache/models"))        // default: HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub
 *         .optOffline(false)                               // HF_HUB_OFFLINE=1 also turns it on
 *         .optProgressListener(new LoggingProgressListener(Duration.ofSeconds(5)))
 *         .build();
 * Path modelDir = cache.resolve(ModelCache.DEFAULT_MODEL_ID, ModelCache.DEFAULT_REVISION);
 * // modelDir contains config.json, model.safetensors, tokenizer.json, ...
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; concurrent {@code resolve} calls (also from other processes) download
 * each file once.
 */
public final class ModelCache {

    /** The model this project runs. */
    public static final String DEFAULT_MODEL_ID = "nomic-ai/nomic-embed-text-v2-moe";

    /** The pinned commit of {@link #DEFAULT_MODEL_ID} used when no revision is given. */
    public static final String DEFAULT_REVISION = "1066b6599d099fbb93dfcb64f9c37a7c9e503e85";

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    private final ModelCacheConfig config;
    private final ProgressListener listener;
    private final HttpClient httpClient;
    private final CacheLayout layout;
    private final SnapshotStore store;
    private final HubRetry retry;
    private volatile HubClient hub;

    private ModelCache(ModelCacheConfig config, ProgressListener listener, HttpClient httpClient) {
        this.config = config;
        this.listener = listener;
        this.httpClient = httpClient;
        this.layout = new CacheLayout(config.cacheDir());
        this.store = new SnapshotStore(layout);
        this.retry = new HubRetry(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
    }

    /** @return a builder whose defaults come from the {@code HF_*} environment variables */
    public static Builder builder() {
        return new Builder(HubEnvironment.system());
    }

    /**
     * @param environment variables to read {@code HF_HUB_CACHE}, {@code HF_HOME}, {@code HF_ENDPOINT},
     *                    {@code HF_TOKEN} and {@code HF_HUB_OFFLINE} from, instead of {@link System#getenv()}
     * @return a builder whose defaults come from {@code environment}
     */
    public static Builder builder(Map<String, String> environment) {
        return new Builder(HubEnvironment.of(environment, System.getProperty("user.home")));
    }

    /** @return the effective settings */
    public ModelCacheConfig config() {
        return config;
    }

    /** @return the cache's directory layout */
    public CacheLayout layout() {
        return layout;
    }

    /** @return the revision used when none is given: the pinned commit for the default model, else {@code main} */
    public static String defaultRevision(String modelId) {
        return DEFAULT_MODEL_ID.equals(modelId) ? DEFAULT_REVISION : "main";
    }

    /** Resolves the default model at its pinned revision. */
    public Path resolve() {
        return resolve(DEFAULT_MODEL_ID, DEFAULT_REVISION);
    }

    /**
     * Returns the snapshot directory holding the model's files, downloading what is missing (unless offline).
     *
     * @param modelId  repository id, e.g. {@code nomic-ai/nomic-embed-text-v2-moe}
     * @param revision branch, tag or 40-character commit id; null or blank for {@link #defaultRevision(String)}
     * @return {@code {cacheDir}/models--org--name/snapshots/{commit}}
     * @throws ModelCacheException when the model cannot be made available; the message says why and what to do
     */
    public Path resolve(String modelId, String revision) {
        String rev = revision == null || revision.isBlank() ? defaultRevision(modelId) : revision.strip();
        validate(modelId, rev);
        try {
            OfflineResolver offline = new OfflineResolver(store, config, Version.get());
            if (config.offline()) {
                return offline.resolve(modelId, rev);
            }
            if (Names.isCommit(rev) && store.isComplete(modelId, rev, config.files())) {
                log.debug("{} at {} is in the cache; no request needed", modelId, rev);
                return layout.snapshotDir(modelId, rev);
            }
            return fetch(modelId, rev, offline);
        } catch (UncheckedIOException e) {
            throw new ModelCacheException(Reason.LOCAL_IO, "Cannot use the model cache " + layout.root() + " for "
                    + modelId + " at revision '" + rev + "': " + HubRetry.describe(e.getCause()), e);
        }
    }

    /** Online; falls back to a complete cached snapshot of the revision when the Hub cannot be reached. */
    private Path fetch(String modelId, String rev, OfflineResolver offline) {
        try {
            boolean cachedFallback = offline.findComplete(modelId, rev).isPresent();
            return new SnapshotFetcher(hub(), store, retry, config, listener, cachedFallback).fetch(modelId, rev);
        } catch (ModelCacheException e) {
            if (e.reason() != Reason.NETWORK) {
                throw e;
            }
            return offline.findComplete(modelId, rev).map(dir -> {
                log.warn("Could not check {} at revision '{}' for updates ({}); using the cached snapshot {}",
                        modelId, rev, e.getCause() == null ? e.getMessage() : HubRetry.describe(e.getCause()),
                        dir.getFileName());
                return dir;
            }).orElseThrow(() -> e);
        }
    }

    private HubClient hub() {
        HubClient client = hub;
        if (client == null) {
            synchronized (this) {
                if (hub == null) {
                    HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(config.connectTimeout())
                            .build();
                    hub = new HubClient(config.endpoint(), config.token(), http, config.readTimeout());
                }
                client = hub;
            }
        }
        return client;
    }

    private static void validate(String modelId, String revision) {
        if (!Names.isValidModelId(modelId)) {
            throw new ModelCacheException(Reason.INVALID_ARGUMENT, "Invalid model id '" + modelId
                    + "': expected 'organization/name', e.g. " + DEFAULT_MODEL_ID);
        }
        if (!Names.isSafeRelativePath(revision)) {
            throw new ModelCacheException(Reason.INVALID_ARGUMENT, "Invalid revision '" + revision + "' for "
                    + modelId + ": expected a branch, tag or commit id");
        }
    }

    /** Builds a {@link ModelCache}; every {@code opt*} setting is optional. */
    public static final class Builder {

        private final HubEnvironment env;
        private Path cacheDir;
        private URI endpoint;
        private String token;
        private boolean offline;
        private ModelFiles files = ModelFiles.NOMIC_EMBED;
        private ProgressListener listener = ProgressListener.NONE;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private HttpClient httpClient;

        Builder(HubEnvironment env) {
            this.env = env;
        }

        /** Test hook: environment variables instead of {@link System#getenv()}. */
        static Builder withEnvironment(Map<String, String> variables, String userHome) {
            return new Builder(HubEnvironment.of(variables, userHome));
        }

        /** Hub cache directory. Default: {@code HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}. */
        public Builder optCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** Hub or mirror base URL. Default: {@code HF_ENDPOINT}, else {@code https://huggingface.co}. Null or blank: default. */
        public Builder optEndpoint(String endpoint) {
            if (endpoint == null || endpoint.isBlank()) {
                this.endpoint = null;
                return this;
            }
            try {
                return optEndpoint(URI.create(endpoint.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid endpoint URL: " + endpoint, e);
            }
        }

        /** Hub or mirror base URL; see {@link #optEndpoint(String)}. */
        public Builder optEndpoint(URI endpoint) {
            this.endpoint = endpoint == null ? null : ModelCacheConfig.normalizeEndpoint(endpoint);
            return this;
        }

        /** Access token, sent to the endpoint only. Default: {@code HF_TOKEN}. Null or blank: default. */
        public Builder optToken(String token) {
            this.token = token;
            return this;
        }

        /** Use only the cache. {@code HF_HUB_OFFLINE=1} turns offline mode on even when this is false. */
        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Files to fetch. Default: {@link ModelFiles#NOMIC_EMBED}. */
        public Builder optFiles(ModelFiles files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        /** Receives download progress, e.g. a {@link LoggingProgressListener}. */
        public Builder optProgressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Attempts per request or transfer on transient errors (default 5); each retry of a transfer resumes it. */
        public Builder optMaxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Exponential backoff between attempts: {@code initial} (default 1 s), doubling up to {@code max} (30 s). */
        public Builder optBackoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /** TCP/TLS connect timeout (default 10 s). */
        public Builder optConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** A request without response, or a transfer without data, for this long is retried (default 60 s). */
        public Builder optReadTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /**
         * HTTP client to use (proxy, TLS settings). It must not follow redirects
         * ({@link HttpClient.Redirect#NEVER}): this library follows them itself to keep the token off other hosts.
         */
        public Builder optHttpClient(HttpClient httpClient) {
            if (httpClient != null && httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the HttpClient must use HttpClient.Redirect.NEVER");
            }
            this.httpClient = httpClient;
            return this;
        }

        /**
         * @throws IllegalArgumentException for invalid settings
         */
        public ModelCache build() {
            URI effectiveEndpoint = endpoint != null ? endpoint
                    : env.endpoint().map(ModelCacheConfig::normalizeEndpoint).orElse(ModelCacheConfig.DEFAULT_ENDPOINT);
            String effectiveToken = token != null && !token.isBlank() ? token : env.token().orElse(null);
            ModelCacheConfig config = new ModelCacheConfig(
                    cacheDir != null ? cacheDir : env.hubCache(),
                    effectiveEndpoint,
                    effectiveToken,
                    offline || env.offline(),
                    files, maxAttempts, initialBackoff, maxBackoff, connectTimeout, readTimeout);
            if (config.hasToken() && "http".equalsIgnoreCase(effectiveEndpoint.getScheme())
                    && !isLoopback(effectiveEndpoint)) {
                log.warn("The access token will be sent unencrypted to {}: use an https endpoint", effectiveEndpoint);
            }
            return new ModelCache(config, listener, httpClient);
        }

        private static boolean isLoopback(URI uri) {
            String host = uri.getHost();
            return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        }
    }
}
