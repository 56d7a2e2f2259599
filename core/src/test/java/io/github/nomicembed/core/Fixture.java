package io.github.nomicembed.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The golden tiny NomicBERT-MoE fixture in test resources, and typed access to its golden.json. */
public final class Fixture {

    static final String NAME = "tiny-nomic-moe";

    private Fixture() {
    }

    public static Path dir() {
        try {
            return Paths.get(Fixture.class.getResource("/" + NAME + "/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of the fixture under {@code target}. */
    static Path copyTo(Path target) {
        try (Stream<Path> files = Files.list(dir())) {
            Files.createDirectories(target);
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode golden() {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(dir().resolve("golden.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonNode arr) {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) arr.get(i).asDouble();
        }
        return out;
    }

    static float[][] matrix(JsonNode arr) {
        float[][] out = new float[arr.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats(arr.get(i));
        }
        return out;
    }

    static long[] longs(JsonNode arr) {
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asLong();
        }
        return out;
    }

    static List<String> strings(JsonNode inputs, String field) {
        List<String> out = new ArrayList<>();
        inputs.forEach(n -> out.add(n.get(field).asString()));
        return out;
    }

    static EmbeddingTask task(JsonNode promptName) {
        if (promptName == null || promptName.isNull()) {
            return EmbeddingTask.NONE;
        }
        return EmbeddingTask.parse(promptName.asString());
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new AssertionError("rows differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, maxAbsDiff(a[i], b[i]));
        }
        return m;
    }
}
