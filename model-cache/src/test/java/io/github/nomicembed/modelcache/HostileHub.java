package io.github.nomicembed.modelcache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Hugging Face Hub on loopback that lies: a raw socket server (so that it can send what no HTTP library would:
 * malformed status lines and headers, a {@code Content-Length} that disagrees with the body) answering the resolve
 * protocol for one commit, with each answer damaged at random by the current try's {@link Random}. Damage: wrong
 * statuses, path tricks in {@code X-Repo-Commit} and {@code ETag}, sizes that lie, redirect loops and redirects to
 * {@code file:}, {@code ftp:}, {@code jar:} and closed ports, bodies cut short, padded or corrupted, garbage
 * headers. Every connection is closed after one answer.
 */
final class HostileHub implements AutoCloseable {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-hub");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Random random = new Random(0);
    private volatile int damagePercent;
    private volatile String extraHeader = "";

    HostileHub() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::acceptLoop);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The content of {@code file} in the commit (a few hundred bytes, fixed per name). */
    static byte[] content(String file) {
        byte[] bytes = new byte[200 + Math.floorMod(file.hashCode(), 700)];
        new Random(file.hashCode()).nextBytes(bytes);
        return bytes;
    }

    /** Starts a try: answers are damaged with {@code damagePercent} % probability, drawn from {@code random}. */
    void next(Random random, int damagePercent) {
        this.random = random;
        this.damagePercent = damagePercent;
        requests.set(0);
    }

    /** Adds {@code header: value} to every answer (for regression examples; "" for none). */
    void alwaysSend(String header, String value) {
        this.extraHeader = header + ": " + value + "\r\n";
    }

    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                executor.execute(() -> answer(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            String head = readHead(socket.getInputStream());
            if (head == null) {
                return;
            }
            requests.incrementAndGet();
            String[] requestLine = head.split("\r\n", 2)[0].split(" ");
            byte[] reply;
            synchronized (this) {
                reply = reply(requestLine[0], requestLine.length > 1 ? requestLine[1] : "/");
            }
            OutputStream out = socket.getOutputStream();
            out.write(reply);
            out.flush();
        } catch (SocketException e) {
            // the client went away: fine
        } catch (IOException e) {
            // the same
        }
    }

    private byte[] reply(String method, String path) {
        Random r = random;
        boolean damage = r.nextInt(100) < damagePercent;
        String file = path.contains("/resolve/") ? path.replaceFirst(".*/resolve/[^/]+/", "").replaceFirst("\\?.*", "")
                : path.replaceFirst(".*[?&]file=", "");
        byte[] content = content(file);
        boolean lfs = file.endsWith(".safetensors");
        boolean cdn = path.startsWith("/cdn/");
        StringBuilder h = new StringBuilder();
        int status = 200;
        String sha256 = hex("SHA-256", content, null);
        String gitSha1 = hex("SHA-1", content, ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        byte[] body = method.equals("HEAD") ? new byte[0] : content;
        if (lfs && !cdn) {
            status = 302;
            h.append("X-Repo-Commit: ").append(COMMIT).append("\r\n");
            h.append("X-Linked-Etag: \"").append(sha256).append("\"\r\n");
            h.append("X-Linked-Size: ").append(content.length).append("\r\n");
            h.append("Location: ").append(endpoint()).append("/cdn/").append(sha256).append("?file=").append(file)
                    .append("\r\n");
            body = new byte[0];
        } else if (!cdn) {
            h.append("X-Repo-Commit: ").append(COMMIT).append("\r\n");
            h.append("ETag: W/\"").append(gitSha1).append("\"\r\n");
        }
        String contentLength = null; // the truth unless damaged: the body's length, or the file's for a HEAD
        if (damage) {
            switch (r.nextInt(12)) {
                case 0 -> status = pickStatus(r, 100, 201, 204, 206, 301, 303, 304, 307, 308, 400, 401, 403, 404, 410, 416,
                        429, 500, 502, 503, 599, 999);
                case 1 -> h.append("X-Repo-Commit: ").append(pick(r, "../../../../tmp/evil", "..", "", "a/b",
                        "x".repeat(5000), COMMIT.toUpperCase(), "%2e%2e", "a\u00e9")).append("\r\n");
                case 2 -> h.append("ETag: ").append(pick(r, "\"../../evil\"", "W/", "\"\"", "\"..\"", "\"a b\"",
                        "\"" + "f".repeat(64) + "\"", "\"/etc/passwd\"")).append("\r\n");
                case 3 -> {
                    h.append("X-Linked-Size: ").append(pick(r, "-5", "0", "abc", "1,2", "99999999999999999999",
                            Long.toString(Long.MAX_VALUE), Integer.toString(content.length + 1))).append("\r\n");
                    if (lfs && !cdn) {
                        h.append("X-Linked-Etag: \"").append(pick(r, "..", "../x", "0".repeat(64))).append("\"\r\n");
                    }
                }
                case 4 -> contentLength = pick(r, "-1", "abc", Integer.toString(body.length + 1 + r.nextInt(1000)),
                        Integer.toString(Math.max(0, body.length - 1 - r.nextInt(50))), "99999999999", "1, 2");
                case 5 -> {
                    status = pickStatus(r, 301, 302, 307, 308);
                    h.append("Location: ").append(pick(r, path, "file:///etc/passwd", "ftp://127.0.0.1/x",
                            "jar:file:/x.jar!/y", "http://127.0.0.1:1/closed", "/../../../etc/passwd",
                            "//127.0.0.1:" + server.getLocalPort() + path, "http://[::1", "", "mailto:x@y",
                            "HTTP://127.0.0.1:" + server.getLocalPort() + path, " " + path, path + "#frag"))
                            .append("\r\n");
                }
                case 6 -> body = pick(r, new byte[0], java.util.Arrays.copyOf(body, body.length / 2), corrupt(body, r));
                case 7 -> h.append(pick(r, "X-Repo-Commit " + COMMIT, "Bad Header: \u0001", ": empty-name",
                        "X-Long: " + "y".repeat(70_000), "Content-Range: bytes 0-0/*", "Content-Range: garbage"))
                        .append("\r\n");
                case 8 -> {
                    return pick(r, "garbage\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 200", "",
                            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n").getBytes(StandardCharsets.ISO_8859_1);
                }
                case 9 -> h.append("X-Error-Code: ").append(pick(r, "RepoNotFound", "GatedRepo", "EntryNotFound",
                        "RevisionNotFound", "??")).append("\r\nX-Error-Message: ").append(pick(r, "x", "\u00e9", ""))
                        .append("\r\n");
                case 10 -> {
                    status = 206;
                    h.append("Content-Range: ").append(pick(r, "bytes 0-" + (content.length - 1) + "/" + content.length,
                            "bytes 5-1/3", "bytes 0-1/*", "bytes x-y/z", "bytes 0-99999999999/100000000000"))
                            .append("\r\n");
                }
                default -> body = corrupt(body, r);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (contentLength == null) {
            contentLength = Integer.toString(method.equals("HEAD") && status == 200 ? content.length : body.length);
        }
        if (!extraHeader.isEmpty()) {
            h.append(extraHeader);
            contentLength = extraHeader.startsWith("Content-Length") ? null : contentLength;
        }
        String head = "HTTP/1.1 " + status + " Hostile\r\n" + h + (contentLength == null ? "" : "Content-Length: "
                + contentLength + "\r\n")
                + "Connection: close\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        if (!method.equals("HEAD")) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] corrupt(byte[] body, Random r) {
        byte[] bad = body.clone();
        if (bad.length > 0) {
            bad[r.nextInt(bad.length)] ^= 0x20;
        }
        return bad;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static int pickStatus(Random r, int... options) {
        return options[r.nextInt(options.length)];
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4 || head.size() > 64 * 1024) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String hex(String algorithm, byte[] content, byte[] prefix) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                digest.update(prefix);
            }
            return java.util.HexFormat.of().formatHex(digest.digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
