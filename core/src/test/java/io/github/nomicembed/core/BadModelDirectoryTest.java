package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.weights.SafetensorsDtype;
import io.github.nomicembed.core.weights.SafetensorsFile;
import io.github.nomicembed.core.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken model directories fail at load time with a {@link ModelConfigException} that names the file and
 * the problem. Every variant is written here from the good fixture.
 */
class BadModelDirectoryTest {

    @TempDir
    Path tmp;

    Path model() {
        return Fixture.copyTo(tmp.resolve("model"));
    }

    static NomicEmbedder load(Path dir) {
        return NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path dir = tmp.resolve("nope");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("not found");
    }

    @Test
    void missingConfigIsNamed() throws IOException {
        Path dir = model();
        Files.delete(dir.resolve("config.json"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("config.json").hasMessageContaining("not found");
    }

    @Test
    void missingWeightsAreNamed() throws IOException {
        Path dir = model();
        Files.delete(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("not found");
    }

    @Test
    void missingTokenizerIsNamed() throws IOException {
        Path dir = model();
        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("not found");
    }

    @Test
    void corruptTokenizerIsNamed() throws IOException {
        Path dir = model();
        Files.writeString(dir.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("Hugging Face tokenizer");
    }

    @Test
    void truncatedSafetensorsNamesTheTensorAndSays() throws IOException {
        Path dir = model();
        Path st = dir.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(st, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 1000);
        }
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("truncated");
    }

    @Test
    void headerLengthPastTheEndOfTheFileIsRejected() throws IOException {
        Path dir = model();
        Path st = dir.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(st, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, ch.size() + 10), 0);
        }
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("header length");
    }

    @Test
    void tensorOffsetsPointingPastTheFileEndAreRejected() throws IOException {
        Path dir = model();
        writeRaw(dir.resolve("model.safetensors"),
                "{\"emb_ln.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4096,4104]}}", 8);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("emb_ln.bias")
                .hasMessageContaining("data ends at byte 4104").hasMessageContaining("only 8 data bytes");
    }

    @Test
    void overlappingTensorsAreRejected() throws IOException {
        Path dir = model();
        writeRaw(dir.resolve("model.safetensors"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'a' and 'b' overlap");
    }

    @Test
    void shapeThatDoesNotMatchTheByteRangeIsRejected() throws IOException {
        Path dir = model();
        writeRaw(dir.resolve("model.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("tensor 'a'").hasMessageContaining("needs 12 bytes but data_offsets span 8");
    }

    @Test
    void unknownDtypeIsRejected() throws IOException {
        Path dir = model();
        writeRaw(dir.resolve("model.safetensors"),
                "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("tensor 'a'").hasMessageContaining("unknown dtype");
    }

    private static void writeRaw(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(file, b.array());
    }

    @Test
    void wrongTensorShapeNamesTheTensorAndBothShapes() {
        Path dir = model();
        SafetensorsFile good = SafetensorsFile.open(Fixture.dir().resolve("model.safetensors"));
        long h = good.tensors().get("emb_ln.weight").shape()[0];
        ByteBuffer wrong = ByteBuffer.allocate((int) (h + 1) * 4);
        SafetensorsWriter.rewrite(good, dir.resolve("model.safetensors"), Map.of("emb_ln.weight",
                new SafetensorsWriter.Tensor("emb_ln.weight", SafetensorsDtype.F32, new long[] {h + 1},
                        SafetensorsWriter.Content.of(wrong))));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("emb_ln.weight")
                .hasMessageContaining("[" + (h + 1) + "]").hasMessageContaining("implies [" + h + "]");
    }

    @Test
    void missingTensorIsNamedWithItsExpectedShape() throws IOException {
        Path dir = model();
        SafetensorsFile good = SafetensorsFile.open(Fixture.dir().resolve("model.safetensors"));
        var kept = good.tensors().values().stream().filter(i -> !i.name().equals("encoder.layers.1.mlp.experts.bias"))
                .map(i -> new SafetensorsWriter.Tensor(i.name(), i.dtype(), i.shape(),
                        SafetensorsWriter.Content.of(good.map(i.name())))).toList();
        SafetensorsWriter.write(dir.resolve("model.safetensors"), kept);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("missing tensor 'encoder.layers.1.mlp.experts.bias'");
    }

    @Test
    void headerThatIsNotJsonIsRejected() throws IOException {
        Path dir = model();
        ByteBuffer b = ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN).putLong(16);
        b.put("this is not json".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(dir.resolve("model.safetensors"), b.array());
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("not valid JSON");
    }

    @Test
    void unsupportedModelTypeNamesTheKey() throws IOException {
        assertConfigRejected("\"model_type\": \"nomic_bert\"", "\"model_type\": \"bert\"", "model_type");
    }

    @Test
    void interleavedRotaryNamesTheKey() throws IOException {
        assertConfigRejected("\"rotary_emb_interleaved\": false", "\"rotary_emb_interleaved\": true",
                "rotary_emb_interleaved");
    }

    @Test
    void prenormNamesTheKey() throws IOException {
        assertConfigRejected("\"prenorm\": false", "\"prenorm\": true", "prenorm");
    }

    @Test
    void unknownActivationNamesTheKeyAndTheAllowedValue() throws IOException {
        assertConfigRejected("\"activation_function\": \"gelu\"", "\"activation_function\": \"swiglu\"",
                "activation_function", "gelu");
    }

    @Test
    void renormalisedExpertWeightsNameTheKey() throws IOException {
        assertConfigRejected("\"moe_normalize_expert_weights\": false", "\"moe_normalize_expert_weights\": true",
                "moe_normalize_expert_weights");
    }

    @Test
    void configThatIsNotJsonIsNamed() throws IOException {
        Path dir = model();
        Files.writeString(dir.resolve("config.json"), "{ broken");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("config.json").hasMessageContaining("JSON");
    }

    private void assertConfigRejected(String from, String to, String... expected) throws IOException {
        Path dir = model();
        Path cfg = dir.resolve("config.json");
        String json = Files.readString(cfg);
        org.assertj.core.api.Assertions.assertThat(json).contains(from);
        Files.writeString(cfg, json.replace(from, to));
        var thrown = assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("config.json");
        for (String e : expected) {
            thrown.hasMessageContaining(e);
        }
    }

    @Test
    void prefixedTensorNamesAreFoundAndGiveTheSameVectors() {
        Path dir = model();
        SafetensorsFile good = SafetensorsFile.open(Fixture.dir().resolve("model.safetensors"));
        var prefixed = good.tensors().values().stream()
                .map(i -> new SafetensorsWriter.Tensor("bert." + i.name(), i.dtype(), i.shape(),
                        SafetensorsWriter.Content.of(good.map(i.name())))).toList();
        SafetensorsWriter.write(dir.resolve("model.safetensors"), prefixed);
        java.util.List<String> texts = java.util.List.of("search_query: What is the capital of Germany?");
        try (NomicEmbedder flat = load(Fixture.dir()); NomicEmbedder withPrefix = load(dir)) {
            org.assertj.core.api.Assertions.assertThat(Fixture.maxAbsDiff(
                    flat.embed(texts, EmbeddingTask.NONE).vectors().get(0),
                    withPrefix.embed(texts, EmbeddingTask.NONE).vectors().get(0))).isLessThan(1e-6);
        }
    }
}
