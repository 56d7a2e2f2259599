package io.github.nomicembed.modelcache.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.github.nomicembed.modelcache.ByteFormat;
import io.github.nomicembed.modelcache.DownloadProgress;
import io.github.nomicembed.modelcache.ProgressListener;

/**
 * Download progress for the terminal: on a console, one line redrawn with {@code \r} (at most 5 times a second);
 * otherwise (CI logs, pipes) a plain line every 10 seconds.
 *
 * <pre>
 * model.safetensors [###########.................]  42% 812.3 MB/1.9 GB  23.4 MB/s  ETA 47s
 * </pre>
 */
final class ConsoleProgressBar implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastDraw;
    private int lastLength;

    ConsoleProgressBar(PrintStream out, boolean interactive, LongSupplier nanoTime) {
        this.out = out;
        this.interactive = interactive;
        this.intervalNanos = interactive ? Duration.ofMillis(200).toNanos() : Duration.ofSeconds(10).toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void onStart(DownloadProgress p) {
        lastDraw = nanoTime.getAsLong();
        String size = p.hasTotal() ? " (" + ByteFormat.bytes(p.totalBytes()) + ")" : "";
        String resume = p.resumedFrom() > 0 ? ", resuming at " + ByteFormat.bytes(p.resumedFrom()) : "";
        if (!interactive) {
            out.println("Downloading " + p.file() + size + resume);
        } else {
            draw(line(p));
        }
    }

    @Override
    public synchronized void onProgress(DownloadProgress p) {
        long now = nanoTime.getAsLong();
        if (now - lastDraw < intervalNanos) {
            return;
        }
        lastDraw = now;
        if (interactive) {
            draw(line(p));
        } else {
            out.println(line(p));
        }
    }

    @Override
    public synchronized void onRetry(DownloadProgress p, int attempt, Duration wait, String reason) {
        endLine();
        out.println(p.file() + ": interrupted at " + ByteFormat.bytes(p.bytesDone()) + " (" + reason
                + "), resuming in " + ByteFormat.duration(wait) + " (attempt " + attempt + " failed)");
    }

    @Override
    public synchronized void onComplete(DownloadProgress p) {
        String done = p.file() + ": " + ByteFormat.bytes(p.bytesDone()) + " in " + ByteFormat.duration(p.elapsed())
                + " (" + ByteFormat.rate(p.bytesPerSecond()) + "), checksum verified";
        if (interactive) {
            draw(done);
            endLine();
        } else {
            out.println(done);
        }
    }

    static String line(DownloadProgress p) {
        StringBuilder line = new StringBuilder(p.file()).append(' ');
        if (p.hasTotal()) {
            int filled = (int) Math.round(WIDTH * p.percent() / 100.0);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% ", p.percent()))
                    .append(ByteFormat.bytes(p.bytesDone())).append('/').append(ByteFormat.bytes(p.totalBytes()));
        } else {
            line.append(ByteFormat.bytes(p.bytesDone()));
        }
        line.append("  ").append(ByteFormat.rate(p.bytesPerSecond()));
        p.eta().ifPresent(eta -> line.append("  ETA ").append(ByteFormat.duration(eta)));
        return line.toString();
    }

    private void draw(String line) {
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    private void endLine() {
        if (interactive && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }
}
