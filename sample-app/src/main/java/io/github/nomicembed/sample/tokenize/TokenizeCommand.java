package io.github.nomicembed.sample.tokenize;

import java.util.List;

/**
 * A validated {@code /tokenize} request.
 *
 * @param inputs the texts, as sent
 * @param promptName the prompt whose prefix is prepended ({@code prompt_name}), or {@code none}
 */
record TokenizeCommand(List<String> inputs, String promptName) {

    TokenizeCommand {
        inputs = List.copyOf(inputs);
    }
}
