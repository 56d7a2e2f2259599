package io.github.nomicembed.modelcache;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The files of a model repository to fetch: {@code required} ones must exist in the repository, {@code optional}
 * ones are skipped when the repository lacks them (remembered in {@code .no_exist/}, like {@code huggingface_hub}).
 *
 * @param required files that must exist (paths relative to the repository root, {@code /}-separated)
 * @param optional files fetched when present
 */
public record ModelFiles(List<String> required, List<String> optional) {

    /** What the nomic-embed runtime needs: weights, config and tokenizer, plus sentence-transformers metadata. */
    public static final ModelFiles NOMIC_EMBED = new ModelFiles(
            List.of("config.json", "model.safetensors", "tokenizer.json"),
            List.of("tokenizer_config.json", "config_sentence_transformers.json", "modules.json"));

    public ModelFiles {
        required = validate(required, "required");
        optional = validate(optional, "optional");
        if (required.isEmpty()) {
            throw new IllegalArgumentException("at least one required file is needed (it also resolves the commit)");
        }
        for (String file : optional) {
            if (required.contains(file)) {
                throw new IllegalArgumentException("file listed as required and optional: " + file);
            }
        }
    }

    /** @return required files first, then optional ones */
    public List<String> all() {
        List<String> all = new ArrayList<>(required);
        all.addAll(optional);
        return List.copyOf(all);
    }

    /** @return whether {@code file} is optional */
    public boolean isOptional(String file) {
        return optional.contains(file);
    }

    private static List<String> validate(List<String> files, String what) {
        Objects.requireNonNull(files, what);
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String file : files) {
            if (!Names.isSafeRelativePath(file)) {
                throw new IllegalArgumentException("invalid " + what + " file name: '" + file + "'");
            }
            unique.add(file);
        }
        return List.copyOf(unique);
    }
}
