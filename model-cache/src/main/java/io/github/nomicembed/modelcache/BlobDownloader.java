package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

/**
 * Puts one verified blob into {@code blobs/}: under a cross-process lock, downloads to {@code {etag}.incomplete},
 * resuming with {@code Range} after a failure (also a failure of an earlier run), checks size and checksum, and
 * renames the file to {@code {etag}} in one step. A blob that fails its checksum is deleted and fetched once more.
 */
final class BlobDownloader {

    private static final Logger log = LoggerFactory.getLogger(BlobDownloader.class);
    private static final int BUFFER = 64 * 1024;

    private final HubClient hub;
    private final CacheLayout layout;
    private final HubRetry retry;
    private final URI endpoint;
    private final Duration readTimeout;
    private final ProgressListener listener;

    BlobDownloader(HubClient hub, CacheLayout layout, HubRetry retry, URI endpoint, Duration readTimeout,
            ProgressListener listener) {
        this.hub = hub;
        this.layout = layout;
        this.retry = retry;
        this.endpoint = endpoint;
        this.readTimeout = readTimeout;
        this.listener = listener;
    }

    /**
     * @param f    the file, at its commit
     * @param meta its metadata (etag and size)
     * @return the blob, complete and verified
     */
    Path fetch(HubFile f, FileMetadata meta) {
        Path blob = layout.blob(f.modelId(), meta.etag());
        if (Files.isRegularFile(blob)) {
            return blob;
        }
        try (BlobLock lock = BlobLock.acquire(layout.blobLock(f.modelId(), meta.etag()),
                () -> log.info("Waiting for another download of {} to finish", f.describe()))) {
            if (Files.isRegularFile(blob)) {
                log.debug("{} was downloaded by another thread or process", f.describe());
                return blob;
            }
            Path temp = layout.incompleteBlob(f.modelId(), meta.etag());
            for (int pass = 1; ; pass++) {
                ProgressTracker tracker = transfer(f, meta, temp);
                Optional<String> problem = check(temp, meta);
                if (problem.isEmpty()) {
                    SnapshotStore.moveAtomically(temp, blob);
                    tracker.complete();
                    return blob;
                }
                Files.deleteIfExists(temp);
                if (pass == 2) {
                    throw new ModelCacheException(Reason.CHECKSUM_MISMATCH, "Downloaded " + f.describe()
                            + " twice and both copies were corrupt: " + problem.get() + ". Something between this "
                            + "host and " + endpoint + " alters the data (proxy, mirror, disk); nothing was cached.");
                }
                log.warn("Discarding the download of {}: {}; downloading it again", f.describe(), problem.get());
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ModelCacheException(Reason.LOCAL_IO, "Cannot write " + f.describe() + " to the model cache "
                    + layout.root() + ": " + HubRetry.describe(e instanceof UncheckedIOException ? e.getCause() : e)
                    + ". Check free disk space and permissions, or choose another cache directory "
                    + "(HF_HUB_CACHE or nomic.embedding.cache-dir).", e);
        }
    }

    private ProgressTracker transfer(HubFile f, FileMetadata meta, Path temp) {
        ProgressTracker tracker = new ProgressTracker(f, meta.size(), sizeOf(temp), listener);
        tracker.start();
        try {
            retry.call("download " + f.file(), () -> {
                attempt(f, meta, temp, tracker);
                return null;
            }, (attempt, wait, error) -> tracker.retry(attempt, wait, HubRetry.describe(error)));
        } catch (IOException e) {
            throw retry.exhausted(f, endpoint, e, sizeOf(temp) > 0);
        }
        return tracker;
    }

    /** One ranged GET from the current end of {@code temp}; throws IOException on anything short of the full file. */
    private void attempt(HubFile f, FileMetadata meta, Path temp, ProgressTracker tracker) throws IOException {
        long offset = sizeOf(temp);
        long expected = meta.size();
        if (expected >= 0 && offset > expected) {
            deleteQuietly(temp);
            offset = 0;
        }
        if (expected >= 0 && offset == expected) {
            // an earlier attempt got every byte (or the file is empty: create it); the checksum decides
            Files.newOutputStream(temp, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
            return;
        }
        try (HubClient.Download download = hub.download(f, offset)) {
            if (download.status() == 416) {
                deleteQuietly(temp);
                throw new IOException("the server refused to resume at byte " + offset + "; starting over");
            }
            long start = download.start();
            if (start != offset && start != 0) {
                throw new IOException("asked to resume at byte " + offset + " but the server sent from " + start);
            }
            long end = expected >= 0 ? expected : download.total();
            long position = write(download.body(), temp, start, tracker);
            if (end >= 0 && position != end) {
                throw new IOException("connection ended after " + position + " of " + end + " bytes");
            }
        }
    }

    private long write(InputStream body, Path temp, long start, ProgressTracker tracker) throws IOException {
        FileChannel out;
        try {
            out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            out.truncate(start);
            out.position(start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long position = start;
        tracker.progress(position);
        byte[] buffer = new byte[BUFFER];
        try (out; StallWatchdog watchdog = StallWatchdog.watch(body, readTimeout)) {
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    throw watchdog.stalled() ? stalled() : e;
                }
                if (n < 0) {
                    if (watchdog.stalled()) {
                        throw stalled();
                    }
                    break;
                }
                watchdog.touch();
                writeFully(out, ByteBuffer.wrap(buffer, 0, n));
                position += n;
                tracker.progress(position);
            }
            try {
                out.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return position;
    }

    private IOException stalled() {
        return new IOException("no data received for " + readTimeout.toMillis() + " ms");
    }

    private static void writeFully(FileChannel out, ByteBuffer data) {
        try {
            while (data.hasRemaining()) {
                out.write(data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a local disk error: not worth a network retry
        }
    }

    /** @return a description of what is wrong with the downloaded file, or empty if it matches the Hub's etag/size */
    private static Optional<String> check(Path temp, FileMetadata meta) throws IOException {
        long size = Files.size(temp);
        if (meta.size() >= 0 && size != meta.size()) {
            return Optional.of("size is " + size + " bytes, expected " + meta.size());
        }
        return Checksums.mismatch(temp, meta.etag()).map(actual -> (Names.isSha256(meta.etag()) ? "sha256" : "git sha1")
                + " is " + actual + ", expected " + meta.etag());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
