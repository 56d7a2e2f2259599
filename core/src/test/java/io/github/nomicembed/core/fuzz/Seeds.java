package io.github.nomicembed.core.fuzz;

import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The valid inputs the fuzz targets start from: the tiny model fixture's files. */
public final class Seeds {

    private Seeds() {
    }

    /** A file of the test resources, e.g. {@code tiny-nomic-moe/config.json}. */
    public static Path resource(String name) {
        try {
            return Paths.get(Seeds.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        return JsonMapper.builder().build().readTree(bytes(name));
    }

    /** A fresh scratch directory for fuzz files under {@code target/fuzz}. */
    public static Path scratch(String target) {
        try {
            return Files.createDirectories(Path.of("target", "fuzz", target + "-files"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code t} is the engine's refusal of a model file: a {@link ModelConfigException} naming a file. */
    public static boolean modelFileRefusal(Throwable t) {
        return t instanceof ModelConfigException;
    }
}
