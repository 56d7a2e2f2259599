package io.github.nomicembed.modelcache;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code huggingface_hub} environment variables, read the way the Python library reads them:
 * {@code HF_HUB_CACHE} (legacy {@code HUGGINGFACE_HUB_CACHE}) or {@code $HF_HOME/hub}, {@code HF_HOME} defaulting to
 * {@code $XDG_CACHE_HOME/huggingface} or {@code ~/.cache/huggingface}; {@code HF_ENDPOINT}; {@code HF_TOKEN}
 * (legacy {@code HUGGING_FACE_HUB_TOKEN}); {@code HF_HUB_OFFLINE} (1/true/yes/on).
 */
final class HubEnvironment {

    private final Function<String, String> env;
    private final String userHome;

    HubEnvironment(Function<String, String> env, String userHome) {
        this.env = env;
        this.userHome = userHome;
    }

    static HubEnvironment system() {
        return new HubEnvironment(System::getenv, System.getProperty("user.home"));
    }

    static HubEnvironment of(Map<String, String> variables, String userHome) {
        Map<String, String> copy = Map.copyOf(variables);
        return new HubEnvironment(copy::get, userHome);
    }

    Path hubCache() {
        return value("HF_HUB_CACHE").or(() -> value("HUGGINGFACE_HUB_CACHE"))
                .map(this::expandHome)
                .map(Path::of)
                .orElseGet(() -> hfHome().resolve("hub"));
    }

    Path hfHome() {
        return value("HF_HOME").map(this::expandHome).map(Path::of)
                .orElseGet(() -> value("XDG_CACHE_HOME").map(Path::of)
                        .orElseGet(() -> Path.of(userHome, ".cache"))
                        .resolve("huggingface"));
    }

    Optional<URI> endpoint() {
        return value("HF_ENDPOINT").map(URI::create);
    }

    Optional<String> token() {
        return value("HF_TOKEN").or(() -> value("HUGGING_FACE_HUB_TOKEN"));
    }

    boolean offline() {
        return value("HF_HUB_OFFLINE").map(v -> isTrue(v)).orElse(false);
    }

    static boolean isTrue(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on");
    }

    private Optional<String> value(String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return userHome + path.substring(1);
        }
        return path;
    }
}
