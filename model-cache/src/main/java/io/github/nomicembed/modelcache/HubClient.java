package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

/**
 * The Hub's file protocol: {@code HEAD} and ranged {@code GET} on {@code {endpoint}/{repo}/resolve/{revision}/{file}}.
 * Redirects are followed by hand so that the token goes to the configured endpoint only, never to a CDN.
 */
final class HubClient {

    private static final int MAX_REDIRECTS = 10;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final URI endpoint;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final String userAgent;

    HubClient(URI endpoint, String token, HttpClient http, Duration requestTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.token = token;
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = requestTimeout;
        this.userAgent = "nomic-embed-model-cache/" + Version.get() + "; java/" + System.getProperty("java.version");
    }

    /** An open download: read {@code body} from byte {@code start} of the file. */
    record Download(InputStream body, int status, long start, long total) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Asks for a file's commit, etag and size. As huggingface_hub, only relative redirects (renamed repositories)
     * are followed; a redirect to an absolute URL (an LFS file's blob, on a CDN or on the mirror's own host)
     * carries the metadata itself and is not followed, since the blob server's headers have no commit.
     */
    FileMetadata metadata(HubFile f) throws IOException {
        URI uri = resolveUri(f);
        for (int hop = 0; ; hop++) {
            HttpResponse<Void> response = send(uri, "HEAD", -1, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (isRedirect(status)) {
                URI next = location(response, uri, f);
                if (isRelative(response.headers().firstValue("Location").orElseThrow())) {
                    checkHops(hop, f);
                    uri = next;
                    continue;
                }
            } else if (status == 404) {
                return missingOrThrow(response, f);
            } else {
                HubErrors.check(status, response.headers(), uri, f, endpoint, sameOrigin(uri, endpoint),
                        sendsToken(uri));
            }
            return parseMetadata(response.headers(), f);
        }
    }

    /**
     * Starts a {@code GET} of the file from byte {@code offset} ({@code Range: bytes=offset-}), following all
     * redirects. The caller must check {@link Download#start()}: 0 when the server ignored the range. Returns
     * status 416 with an empty body when the server rejects the range.
     */
    Download download(HubFile f, long offset) throws IOException {
        URI uri = resolveUri(f);
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response = send(uri, "GET", offset, successBodyOnly());
            int status = response.statusCode();
            if (isRedirect(status)) {
                checkHops(hop, f);
                uri = location(response, uri, f);
                continue;
            }
            if (status == 416) {
                return new Download(InputStream.nullInputStream(), status, -1, -1);
            }
            HubErrors.check(status, response.headers(), uri, f, endpoint, sameOrigin(uri, endpoint), sendsToken(uri));
            HttpHeaders headers = response.headers();
            if (status == 206) {
                String range = headers.firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(range);
                if (!m.matches()) {
                    response.body().close();
                    throw new IOException("HTTP 206 with unusable Content-Range '" + range + "' for " + f.describe());
                }
                long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                return new Download(response.body(), status, Long.parseLong(m.group(1)), total);
            }
            long total = longHeader(headers, "Content-Length", f);
            return new Download(response.body(), status, 0, total);
        }
    }

    URI resolveUri(HubFile f) {
        StringBuilder path = new StringBuilder();
        for (String segment : f.file().split("/")) {
            path.append('/').append(encode(segment));
        }
        return URI.create(endpoint + "/" + f.modelId() + "/resolve/" + encode(f.revision()) + path);
    }

    private <T> HttpResponse<T> send(URI uri, String method, long rangeStart, BodyHandler<T> handler)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(requestTimeout)
                .header("User-Agent", userAgent)
                .header("Accept-Encoding", "identity");
        if (rangeStart > 0) {
            request.header("Range", "bytes=" + rangeStart + "-");
        }
        if (sendsToken(uri)) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while requesting " + uri);
        } catch (IllegalArgumentException e) {
            // java.net.http refuses some malformed answers (e.g. a Content-Length of "1, 2") with this, not IOException
            throw new ModelCacheException(Reason.PROTOCOL, "Malformed HTTP answer from " + uri.getHost() + ":"
                    + uri.getPort() + " for " + method + " " + uri.getRawPath() + ": " + e.getMessage());
        }
    }

    private boolean sendsToken(URI uri) {
        return token != null && sameOrigin(uri, endpoint);
    }

    private FileMetadata missingOrThrow(HttpResponse<?> response, HubFile f) {
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        if (code.isEmpty() || code.equals("EntryNotFound")) {
            String commit = response.headers().firstValue("X-Repo-Commit").filter(Names::isSafeSegment).orElse(null);
            return FileMetadata.missing(commit);
        }
        throw HubErrors.notFound(f, response.headers(), endpoint.toString());
    }

    private FileMetadata parseMetadata(HttpHeaders headers, HubFile f) {
        String commit = headers.firstValue("X-Repo-Commit").map(String::strip).orElse(null);
        String etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                .map(HubClient::normalizeEtag).orElse(null);
        if (commit == null || etag == null) {
            throw new ModelCacheException(Reason.PROTOCOL, "The answer from " + endpoint + " for " + f.describe()
                    + " lacks the " + (commit == null ? "X-Repo-Commit" : "ETag")
                    + " header: the endpoint is not a Hugging Face Hub or a compatible mirror (check HF_ENDPOINT), "
                    + "or a proxy strips headers.");
        }
        if (!Names.isSafeSegment(commit) || !Names.isSafeSegment(etag)) {
            throw new ModelCacheException(Reason.PROTOCOL, "Unusable commit or etag from " + endpoint + " for "
                    + f.describe());
        }
        long size = longHeader(headers, "X-Linked-Size", f);
        if (size < 0) {
            size = longHeader(headers, "Content-Length", f);
        }
        return new FileMetadata(commit, etag, size, true);
    }

    /**
     * A size header as a number, or -1 when absent; a value that is not a non-negative 64-bit number is a protocol
     * error naming the header ({@link HttpHeaders#firstValueAsLong} would throw NumberFormatException).
     */
    private long longHeader(HttpHeaders headers, String name, HubFile f) {
        String value = headers.firstValue(name).map(String::strip).orElse(null);
        if (value == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelCacheException(Reason.PROTOCOL, "Unusable " + name + " header '" + value + "' from " + endpoint
                + " for " + f.describe() + "; allowed: a non-negative number of bytes");
    }

    /** {@code W/"abc"} and {@code "abc"} become {@code abc}, like huggingface_hub does. */
    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }

    /** A Location without scheme and host ({@code /org/name/resolve/...}); checked parseable by {@link #location}. */
    private static boolean isRelative(String location) {
        URI ref = URI.create(location.strip());
        return !ref.isAbsolute() && ref.getRawAuthority() == null;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private URI location(HttpResponse<?> response, URI current, HubFile f) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new ModelCacheException(Reason.PROTOCOL, "HTTP " + response.statusCode()
                        + " without Location header from " + current.getHost() + " for " + f.describe()));
        try {
            URI next = current.resolve(location);
            if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            return next;
        } catch (IllegalArgumentException e) {
            throw new ModelCacheException(Reason.PROTOCOL, "Unusable redirect from " + current.getHost() + " for "
                    + f.describe() + ": " + e.getMessage());
        }
    }

    private static void checkHops(int hop, HubFile f) {
        if (hop >= MAX_REDIRECTS) {
            throw new ModelCacheException(Reason.PROTOCOL, "More than " + MAX_REDIRECTS + " redirects for "
                    + f.describe());
        }
    }

    /** Keeps the body stream of 2xx responses only; others are drained so the connection can be reused. */
    private static BodyHandler<InputStream> successBodyOnly() {
        return info -> info.statusCode() >= 200 && info.statusCode() < 300
                ? BodySubscribers.ofInputStream()
                : BodySubscribers.replacing(InputStream.nullInputStream());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
