package io.github.nomicembed.springai.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity changes with the weights and the settings vectors depend on, and never reads a blob twice. */
class ModelIdentityTest {

    @TempDir
    Path tmp;

    Path copy(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(TinyModel.dir())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    static String identity(Path dir, EmbedderOptions options) {
        try (NomicEmbedder e = NomicEmbedder.load(dir, options)) {
            return ModelIdentity.of(e);
        }
    }

    static EmbedderOptions cpu() {
        return EmbedderOptions.builder().optDevice("cpu").build();
    }

    @Test
    void identicalModelDirectoriesHaveTheSameIdentity() throws IOException {
        assertThat(identity(copy("a"), cpu())).isEqualTo(identity(copy("b"), cpu())).hasSize(64);
    }

    @Test
    void changedWeightsChangeTheIdentity() throws IOException {
        Path original = copy("a");
        Path changed = copy("b");
        Path weights = changed.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            last.put(0, (byte) (last.get(0) ^ 1)).rewind();
            ch.write(last, ch.size() - 1);
        }
        assertThat(identity(changed, cpu())).isNotEqualTo(identity(original, cpu()));
    }

    @Test
    void aShorterMaximumSequenceLengthChangesTheIdentity() throws IOException {
        Path dir = copy("a");
        assertThat(identity(dir, EmbedderOptions.builder().optDevice("cpu").optMaxSequenceLength(64).build()))
                .isNotEqualTo(identity(dir, cpu()));
    }

    @Test
    void weightsBehindAHuggingFaceSnapshotLinkAreKnownByTheirBlobName() throws IOException {
        String sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Path blob = Files.createDirectories(tmp.resolve("repo/blobs")).resolve(sha);
        Files.writeString(blob, "not really weights");
        Path snapshot = Files.createDirectories(tmp.resolve("repo/snapshots/abc"));
        Path link = Files.createSymbolicLink(snapshot.resolve("model.safetensors"),
                snapshot.relativize(blob));

        assertThat(ModelIdentity.weightsDigest(link)).isEqualTo(sha);
    }

    @Test
    void otherWeightsAreHashedByContent() throws IOException {
        Path file = Files.writeString(tmp.resolve("model.safetensors"), "abc");
        assertThat(ModelIdentity.weightsDigest(file))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
