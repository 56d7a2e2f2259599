package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive lock on one blob, across threads of this JVM and across processes: an in-JVM lock (file locks are held
 * per process, and a second lock attempt in the same JVM throws) plus {@link FileChannel#lock()} on
 * {@code blobs/{etag}.lock}. The operating system releases the file lock when a process dies, so a crash never
 * leaves a stale lock. Lock files are left in place (deleting them would race with waiting processes).
 */
final class BlobLock implements AutoCloseable {

    private static final ConcurrentMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Blocks until the lock is held.
     *
     * @param onWait run once, before blocking, when another thread or process holds the lock
     */
    static BlobLock acquire(Path lockFile, Runnable onWait) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock jvmLock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        boolean waited = false;
        if (!jvmLock.tryLock()) {
            onWait.run();
            waited = true;
            try {
                jvmLock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + key);
            }
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                if (!waited) {
                    onWait.run();
                }
                fileLock = channel.lock();
            }
            return new BlobLock(jvmLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            jvmLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (fileLock.isValid()) {
                fileLock.release();
            }
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
