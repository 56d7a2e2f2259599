package io.github.nomicembed.modelcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Naming rules, environment variables and input validation. */
class CacheBasicsTest {

    @Test
    void repoFolderNamesRoundTrip() {
        assertThat(CacheLayout.repoFolderName("nomic-ai/nomic-embed-text-v2-moe"))
                .isEqualTo("models--nomic-ai--nomic-embed-text-v2-moe");
        assertThat(CacheLayout.modelIdOf("models--nomic-ai--nomic-embed-text-v2-moe"))
                .contains("nomic-ai/nomic-embed-text-v2-moe");
        assertThat(CacheLayout.modelIdOf("datasets--x--y")).isEmpty();
        assertThat(CacheLayout.modelIdOf(".locks")).isEmpty();
    }

    @Test
    void etagsAreNormalizedLikeHuggingfaceHub() {
        assertThat(HubClient.normalizeEtag("W/\"abc123\"")).isEqualTo("abc123");
        assertThat(HubClient.normalizeEtag("\"abc123\"")).isEqualTo("abc123");
        assertThat(HubClient.normalizeEtag("abc123")).isEqualTo("abc123");
    }

    @Test
    void originsCompareSchemeHostAndPort() {
        assertThat(HubClient.sameOrigin(URI.create("https://huggingface.co/a"), URI.create("https://HuggingFace.co:443")))
                .isTrue();
        assertThat(HubClient.sameOrigin(URI.create("https://cdn-lfs.hf.co/x"), URI.create("https://huggingface.co")))
                .isFalse();
        assertThat(HubClient.sameOrigin(URI.create("http://huggingface.co/x"), URI.create("https://huggingface.co")))
                .isFalse();
    }

    @Test
    void cacheDirectoryFollowsHuggingfaceHubPrecedence() {
        assertThat(cacheDir(Map.of("HF_HUB_CACHE", "/a/hub", "HF_HOME", "/b"))).isEqualTo(Path.of("/a/hub"));
        assertThat(cacheDir(Map.of("HUGGINGFACE_HUB_CACHE", "/legacy"))).isEqualTo(Path.of("/legacy"));
        assertThat(cacheDir(Map.of("HF_HOME", "/b"))).isEqualTo(Path.of("/b/hub"));
        assertThat(cacheDir(Map.of("XDG_CACHE_HOME", "/xdg"))).isEqualTo(Path.of("/xdg/huggingface/hub"));
        assertThat(cacheDir(Map.of())).isEqualTo(Path.of("/home/u/.cache/huggingface/hub"));
        assertThat(cacheDir(Map.of("HF_HOME", "~/hf"))).isEqualTo(Path.of("/home/u/hf/hub"));
        assertThat(ModelCache.Builder.withEnvironment(Map.of("HF_HUB_CACHE", "/a"), "/home/u")
                .optCacheDir(Path.of("/explicit")).build().config().cacheDir()).isEqualTo(Path.of("/explicit"));
    }

    @Test
    void offlineTokenAndEndpointFromEnvironmentAndExplicitSettings() {
        ModelCacheConfig fromEnv = ModelCache.Builder.withEnvironment(Map.of("HF_HUB_OFFLINE", "true",
                "HUGGING_FACE_HUB_TOKEN", "hf_legacy", "HF_ENDPOINT", "https://hf-mirror.example/"), "/h")
                .build().config();
        assertThat(fromEnv.offline()).isTrue();
        assertThat(fromEnv.token()).isEqualTo("hf_legacy");
        assertThat(fromEnv.endpoint()).isEqualTo(URI.create("https://hf-mirror.example"));

        ModelCacheConfig explicit = ModelCache.Builder.withEnvironment(Map.of("HF_HUB_OFFLINE", "0",
                "HF_TOKEN", "hf_env"), "/h")
                .optToken("hf_property").optEndpoint("https://mirror.internal/hf").build().config();
        assertThat(explicit.offline()).isFalse();
        assertThat(explicit.token()).isEqualTo("hf_property");
        assertThat(explicit.endpoint()).isEqualTo(URI.create("https://mirror.internal/hf"));
        assertThat(ModelCache.Builder.withEnvironment(Map.of(), "/h").build().config().endpoint())
                .isEqualTo(ModelCacheConfig.DEFAULT_ENDPOINT);
    }

    @Test
    void builderRejectsInvalidSettings() {
        ModelCache.Builder builder = ModelCache.Builder.withEnvironment(Map.of(), "/h");
        assertThatThrownBy(() -> builder.optEndpoint("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.optMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.optHttpClient(java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NEVER");
        assertThatThrownBy(() -> builder.optBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelFiles(List.of("../secret"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelFiles(List.of(), List.of("a.json")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultRevisionIsThePinnedCommitForTheDefaultModelOnly() {
        assertThat(ModelCache.defaultRevision(ModelCache.DEFAULT_MODEL_ID))
                .isEqualTo("1066b6599d099fbb93dfcb64f9c37a7c9e503e85");
        assertThat(Names.isCommit(ModelCache.DEFAULT_REVISION)).isTrue();
        assertThat(ModelCache.defaultRevision("org/other")).isEqualTo("main");
    }

    private static Path cacheDir(Map<String, String> env) {
        return ModelCache.Builder.withEnvironment(env, "/home/u").build().config().cacheDir();
    }
}
