package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Hugging Face Hub on the loopback interface, speaking the resolve protocol: {@code HEAD}/{@code GET}
 * {@code /{org}/{name}/resolve/{revision}/{file}} answer with {@code X-Repo-Commit} and {@code ETag}; LFS files
 * redirect (302, with {@code X-Linked-Etag}/{@code X-Linked-Size}) to a second server on another port, the "CDN".
 * Both support {@code Range}. Every request is recorded; faults can be queued per file.
 */
public final class FakeHub implements AutoCloseable {

    /** A file in a commit. */
    public record Entry(byte[] content, boolean lfs) {
        public String sha256() {
            return hex("SHA-256", content, null);
        }

        public String gitSha1() {
            return hex("SHA-1", content, ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        }

        public String etag() {
            return lfs ? sha256() : gitSha1();
        }
    }

    /** A recorded request. */
    public record Request(String server, String method, String path, String file, Headers headers) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** Serves a GET of {@code content} from {@code offset} in some broken way. */
    public interface Fault {
        void serve(HttpExchange exchange, byte[] content, long offset) throws IOException;
    }

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> refs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Entry>>> commits = new ConcurrentHashMap<>();
    private final Map<String, Entry> cdnBlobs = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> contentFaults = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> headFaults = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String requiredToken;
    private volatile boolean gated;
    private volatile boolean hideCommitHeader;
    private volatile Consumer<String> beforeContent = file -> { };
    private volatile long chunkDelayMillis;
    private volatile String cdnHost = "127.0.0.1";
    private volatile boolean blobsOnHub;
    private final Map<String, String> renamed = new ConcurrentHashMap<>();

    public FakeHub() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        hub = HttpServer.create(loopback, 0);
        cdn = HttpServer.create(loopback, 0);
        hub.createContext("/", exchange -> handle("hub", exchange, this::handleHub));
        cdn.createContext("/", exchange -> handle("cdn", exchange, this::handleCdn));
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.start();
        cdn.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** Adds a commit (a random 40-hex id) with these files and points {@code branch} at it. */
    public String addCommit(String repo, String branch, Map<String, Entry> files) {
        String commit = HexFormat.of().formatHex(randomBytes(20, new Random().nextLong()));
        commits.computeIfAbsent(repo, r -> new ConcurrentHashMap<>()).put(commit, new LinkedHashMap<>(files));
        refs.computeIfAbsent(repo, r -> new ConcurrentHashMap<>()).put(branch, commit);
        files.values().stream().filter(Entry::lfs).forEach(e -> cdnBlobs.put(e.sha256(), e));
        return commit;
    }

    /** The nomic-embed file set, with {@code model.safetensors} of {@code modelBytes} random bytes, no modules.json. */
    public static Map<String, Entry> nomicFiles(int modelBytes) {
        Map<String, Entry> files = new LinkedHashMap<>();
        files.put("config.json", text("{\"model_type\": \"nomic_bert\", \"n_embd\": 768}\n"));
        files.put("model.safetensors", new Entry(randomBytes(modelBytes, 42), true));
        files.put("tokenizer.json", new Entry(randomBytes(200_000, 7), true));
        files.put("tokenizer_config.json", text("{\"model_max_length\": 512}\n"));
        files.put("config_sentence_transformers.json", text("{\"prompts\": {\"query\": \"search_query: \"}}\n"));
        return files;
    }

    public static Entry text(String content) {
        return new Entry(content.getBytes(StandardCharsets.UTF_8), false);
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Host name put in CDN redirects (default 127.0.0.1; the CDN is told apart from the hub by its port). */
    public void cdnHost(String host) {
        this.cdnHost = host;
    }

    /**
     * LFS files redirect to an absolute URL on the hub's own host and port ({@code /blobs/{sha256}}), answered
     * like the CDN: without {@code X-Repo-Commit} or {@code ETag}, as some mirrors do.
     */
    void blobsOnHub() {
        this.blobsOnHub = true;
    }

    /** Requests for repository {@code oldRepo} are redirected to {@code newRepo} with a relative Location. */
    void rename(String oldRepo, String newRepo) {
        renamed.put(oldRepo, newRepo);
    }

    public void requireToken(String token) {
        this.requiredToken = token;
    }

    void setGated(boolean gated) {
        this.gated = gated;
    }

    void hideCommitHeader() {
        this.hideCommitHeader = true;
    }

    /** Called (on the server thread) before file content is sent; may block. */
    void beforeContent(Consumer<String> hook) {
        this.beforeContent = hook;
    }

    /** Sends content in 64 KiB chunks with this pause between them. */
    void throttle(long chunkDelayMillis) {
        this.chunkDelayMillis = chunkDelayMillis;
    }

    /** The next GET of the content of {@code file} is served by {@code fault}. */
    public void failNextGet(String file, Fault fault) {
        contentFaults.computeIfAbsent(file, f -> new ConcurrentLinkedDeque<>()).add(fault);
    }

    /** The next HEAD of {@code file} is answered with {@code status}. */
    void failNextHead(String file, int status) {
        headFaults.computeIfAbsent(file, f -> new ConcurrentLinkedDeque<>()).add(status);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method, String file) {
        return requests.stream().filter(r -> r.method().equals(method) && file.equals(r.file()))
                .collect(Collectors.toList());
    }

    /** GETs that reached the content of {@code file} (the CDN for LFS files, the hub for the others). */
    public List<Request> contentGets(String file) {
        return requests("GET", file).stream()
                .filter(r -> r.server().equals("cdn") || r.path().startsWith("/blobs/") || !isLfs(file))
                .collect(Collectors.toList());
    }

    public void clearRequests() {
        requests.clear();
    }

    private boolean isLfs(String file) {
        return commits.values().stream().flatMap(c -> c.values().stream())
                .anyMatch(files -> files.containsKey(file) && files.get(file).lfs());
    }

    // ---- faults -----------------------------------------------------------------------------------------------

    /** Sends headers for the whole remaining content, then {@code bytes} bytes, then closes the connection. */
    public static Fault dropAfter(long bytes) {
        return (exchange, content, offset) -> {
            sendHeaders(exchange, content, offset);
            OutputStream body = exchange.getResponseBody();
            body.write(content, (int) offset, (int) Math.min(bytes, content.length - offset));
            body.flush();
            throw new IOException("fault: connection dropped on purpose"); // makes the server close the socket
        };
    }

    /** Like {@link #dropAfter} but keeps the connection open, silent, until the hub closes. */
    Fault stallAfter(long bytes) {
        return (exchange, content, offset) -> {
            sendHeaders(exchange, content, offset);
            OutputStream body = exchange.getResponseBody();
            body.write(content, (int) offset, (int) Math.min(bytes, content.length - offset));
            body.flush();
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("fault: stalled connection released");
        };
    }

    /** Serves the content with one byte flipped in the middle. */
    public static Fault corrupt() {
        return (exchange, content, offset) -> {
            byte[] bad = Arrays.copyOf(content, content.length);
            bad[bad.length / 2] ^= 0x5a;
            serve(exchange, bad, offset, 0);
        };
    }

    /** Answers with an HTTP status and no body. */
    static Fault status(int status) {
        return (exchange, content, offset) -> exchange.sendResponseHeaders(status, -1);
    }

    /** Ignores the Range header: 200 with the whole content. */
    static Fault ignoreRange() {
        return (exchange, content, offset) -> serve(exchange, content, 0, 0);
    }

    // ---- handlers ---------------------------------------------------------------------------------------------

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void handle(String server, HttpExchange exchange, Handler handler) throws IOException {
        requests.add(new Request(server, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                fileOf(server, exchange),
                copy(exchange.getRequestHeaders())));
        try (exchange) {
            handler.handle(exchange);
        }
    }

    private static String fileOf(String server, HttpExchange exchange) {
        if (server.equals("cdn") || exchange.getRequestURI().getRawPath().startsWith("/blobs/")) {
            String query = exchange.getRequestURI().getQuery();
            return query == null ? "" : query.replaceAll(".*response-content-disposition=([^&]*).*", "$1");
        }
        String[] parts = exchange.getRequestURI().getRawPath().split("/");
        return parts.length < 6 ? "" : Arrays.stream(parts, 5, parts.length)
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).collect(Collectors.joining("/"));
    }

    private void handleHub(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getRawPath().startsWith("/blobs/")) {
            handleCdn(exchange);
            return;
        }
        String[] parts = exchange.getRequestURI().getRawPath().split("/");
        // "", org, name, "resolve", revision, file...
        if (parts.length < 6 || !parts[3].equals("resolve")) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        String repo = parts[1] + "/" + parts[2];
        if (renamed.containsKey(repo)) {
            String rest = exchange.getRequestURI().getRawPath().substring(repo.length() + 1);
            exchange.getResponseHeaders().set("Location", "/" + renamed.get(repo) + rest);
            exchange.sendResponseHeaders(307, -1);
            return;
        }
        String revision = URLDecoder.decode(parts[4], StandardCharsets.UTF_8);
        String file = fileOf("hub", exchange);
        Headers out = exchange.getResponseHeaders();
        String token = requiredToken;
        if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            out.set("X-Error-Message", "Invalid credentials in Authorization header");
            exchange.sendResponseHeaders(401, -1);
            return;
        }
        if (gated) {
            out.set("X-Error-Code", "GatedRepo");
            exchange.sendResponseHeaders(403, -1);
            return;
        }
        Map<String, Map<String, Entry>> repoCommits = commits.get(repo);
        if (repoCommits == null) {
            out.set("X-Error-Code", "RepoNotFound");
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        String commit = repoCommits.containsKey(revision) ? revision : refs.get(repo).get(revision);
        if (commit == null) {
            out.set("X-Error-Code", "RevisionNotFound");
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        Entry entry = repoCommits.get(commit).get(file);
        if (!hideCommitHeader) {
            out.set("X-Repo-Commit", commit);
        }
        if (entry == null) {
            out.set("X-Error-Code", "EntryNotFound");
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        Integer headFault = head ? poll(headFaults, file) : null;
        if (headFault != null) {
            out.remove("X-Repo-Commit");
            exchange.sendResponseHeaders(headFault, -1);
            return;
        }
        if (entry.lfs()) {
            out.set("ETag", "\"" + entry.gitSha1().substring(0, 8) + "pointer\""); // the pointer file's etag
            out.set("X-Linked-Etag", "\"" + entry.sha256() + "\"");
            out.set("X-Linked-Size", Long.toString(entry.content().length));
            String blobs = blobsOnHub ? endpoint() + "/blobs/"
                    : "http://" + cdnHost + ":" + cdn.getAddress().getPort() + "/cdn/";
            out.set("Location", blobs + entry.sha256() + "?response-content-disposition=" + file
                    + "&X-Amz-Signature=abc");
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        out.set("ETag", "W/\"" + entry.gitSha1() + "\"");
        if (head) {
            out.set("Content-Length", Long.toString(entry.content().length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        serveContent(exchange, file, entry.content());
    }

    private void handleCdn(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Entry entry = cdnBlobs.get(path.substring(path.lastIndexOf('/') + 1));
        if (entry == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(entry.content().length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        String file = fileOf("cdn", exchange);
        serveContent(exchange, file, entry.content());
    }

    private void serveContent(HttpExchange exchange, String file, byte[] content) throws IOException {
        beforeContent.accept(file);
        long offset = rangeStart(exchange.getRequestHeaders().getFirst("Range"));
        Fault fault = poll(contentFaults, file);
        if (fault != null) {
            fault.serve(exchange, content, offset);
            return;
        }
        if (offset >= content.length && offset > 0) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        serve(exchange, content, offset, chunkDelayMillis);
    }

    private static void serve(HttpExchange exchange, byte[] content, long offset, long chunkDelayMillis)
            throws IOException {
        sendHeaders(exchange, content, offset);
        OutputStream body = exchange.getResponseBody();
        for (int pos = (int) offset; pos < content.length; pos += 65536) {
            body.write(content, pos, Math.min(65536, content.length - pos));
            if (chunkDelayMillis > 0) {
                body.flush();
                try {
                    Thread.sleep(chunkDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    private static void sendHeaders(HttpExchange exchange, byte[] content, long offset) throws IOException {
        long length = content.length - offset;
        if (offset > 0) {
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + offset + "-" + (content.length - 1) + "/" + content.length);
            exchange.sendResponseHeaders(206, length);
        } else {
            exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
        }
    }

    private static long rangeStart(String range) {
        if (range == null) {
            return 0;
        }
        if (!range.matches("bytes=\\d+-")) {
            throw new IllegalArgumentException("unexpected Range header: " + range);
        }
        return Long.parseLong(range.substring(6, range.length() - 1));
    }

    private static <T> T poll(Map<String, Deque<T>> queues, String file) {
        Deque<T> queue = queues.get(file);
        return queue == null ? null : queue.poll();
    }

    private static Headers copy(Headers headers) {
        Headers copy = new Headers();
        headers.forEach((name, values) -> copy.put(name, new ArrayList<>(values)));
        return copy;
    }

    private static String hex(String algorithm, byte[] content, byte[] prefix) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                digest.update(prefix);
            }
            return HexFormat.of().formatHex(digest.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        hub.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }
}
