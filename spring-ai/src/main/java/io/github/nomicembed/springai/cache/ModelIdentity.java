package io.github.nomicembed.springai.cache;

import io.github.nomicembed.core.NomicEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What the vectors of a loaded model depend on, as one SHA-256 (hex): the content digests of
 * {@code config.json}, {@code tokenizer.json}, {@code tokenizer_config.json} (when present) and
 * {@code model.safetensors}, plus the maximum sequence length (where texts are cut) and the compute type.
 * Any change of weights, tokenizer or settings gives another identity, so cached vectors of the old model are
 * never served for the new one.
 *
 * <p>The weights are not read twice: in a Hugging Face cache snapshot, {@code model.safetensors} is a link to
 * {@code blobs/<sha256 of the file>} (LFS files are named by their SHA-256, which the model cache checks on
 * download), so that name is used; any other file is hashed once, streaming (about 1 s per GB with the
 * JDK's SHA-256 intrinsics). The device is not part of it: CPU and GPU vectors of one model agree to about
 * 1e-6, not bit for bit.
 */
public final class ModelIdentity {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String WEIGHTS = "model.safetensors";

    private ModelIdentity() {
    }

    /** The identity of {@code embedder}'s loaded model. */
    public static String of(NomicEmbedder embedder) {
        Path dir = embedder.info().modelDir();
        StringBuilder facts = new StringBuilder("nomic-embed-cache-v1\n");
        for (String file : new String[] {"config.json", "tokenizer.json", "tokenizer_config.json"}) {
            Path p = dir.resolve(file);
            facts.append(file).append('=').append(Files.isRegularFile(p) ? digest(p) : "absent").append('\n');
        }
        facts.append(WEIGHTS).append('=').append(weightsDigest(dir.resolve(WEIGHTS))).append('\n');
        facts.append("max-sequence-length=").append(embedder.info().maxSequenceLength()).append('\n');
        facts.append("dtype=").append(embedder.info().dtype()).append('\n');
        return HexFormat.of().formatHex(sha256().digest(facts.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The SHA-256 of the weights: the blob name behind a Hugging Face snapshot link, else the content's. */
    static String weightsDigest(Path weights) {
        try {
            if (Files.isSymbolicLink(weights)) {
                Path blob = weights.toRealPath();
                String name = blob.getFileName().toString();
                Path parent = blob.getParent();
                if (SHA256.matcher(name).matches() && parent != null
                        && parent.getFileName().toString().equals("blobs")) {
                    return name;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + weights + ": " + e.getMessage(), e);
        }
        return digest(weights);
    }

    /** SHA-256 of a file's content, streamed. */
    static String digest(Path file) {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to derive the model identity: "
                    + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
