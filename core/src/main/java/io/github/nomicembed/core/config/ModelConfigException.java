package io.github.nomicembed.core.config;

import java.nio.file.Path;

/**
 * A model directory file (config, weights, tokenizer) is missing, unreadable or holds a value this
 * implementation does not support. The message always names the file and the offending key or tensor.
 */
public class ModelConfigException extends RuntimeException {

    private final Path file;

    public ModelConfigException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public ModelConfigException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file the problem was found in. */
    public Path file() {
        return file;
    }
}
