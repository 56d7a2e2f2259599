package io.github.nomicembed.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.Fixture;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.config.ModelConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inspector shows the tokens the model's own tokenizer produces, with spans into the Java string. */
class TokenInspectorTest {

    static TokenInspector inspector;
    static NomicTokenizer modelTokenizer;

    @BeforeAll
    static void open() {
        inspector = TokenInspector.forModel(Fixture.dir());
        modelTokenizer = new NomicTokenizer(Fixture.dir().resolve("tokenizer.json"), 512);
    }

    @AfterAll
    static void close() {
        inspector.close();
        modelTokenizer.close();
    }

    @Test
    void idsAreThoseTheModelIsFedWith() {
        for (String text : List.of("Hello world 🦓 zebra!", "search_document: 北京是中国的首都。", "Как дела у тебя?", "")) {
            long[] ids = inspector.tokens(text).stream().mapToLong(TokenSpan::id).toArray();
            assertThat(ids).as(text).containsExactly(modelTokenizer.encode(text).ids());
            assertThat(inspector.count(text)).isEqualTo(ids.length);
        }
    }

    @Test
    void startAndEndAreSpecialTokensWithoutSpans() {
        List<TokenSpan> tokens = inspector.tokens("Hello world");

        assertThat(tokens.get(0).special()).isTrue();
        assertThat(tokens.get(0).hasSpan()).isFalse();
        assertThat(tokens.get(tokens.size() - 1).special()).isTrue();
        assertThat(tokens.subList(1, tokens.size() - 1)).allMatch(t -> !t.special() && t.hasSpan());
    }

    @Test
    void spansAreJavaIndicesEvenAfterCharactersOutsideTheBmp() {
        String text = "🦓🦓 zebra world";
        List<TokenSpan> tokens = inspector.tokens(text);

        TokenSpan last = tokens.get(tokens.size() - 2);
        // the word's piece is "▁world": its span takes the space the metaspace stands for
        assertThat(text.substring(last.start(), last.end())).isEqualTo(" world");
        for (TokenSpan t : tokens) {
            if (t.hasSpan()) {
                assertThat(t.start()).isBetween(0, text.length());
                assertThat(t.end()).isBetween(t.start(), text.length());
                assertThat(Character.isLowSurrogate(text.charAt(t.start()))).as(t.toString()).isFalse();
            }
        }
    }

    @Test
    void spansCoverEveryWordInOrder() {
        String text = "Berlin ist die Hauptstadt von Deutschland.";
        List<TokenSpan> tokens = inspector.tokens(text);
        StringBuilder read = new StringBuilder();
        int previousEnd = 0;
        for (TokenSpan t : tokens) {
            if (t.hasSpan()) {
                assertThat(t.start()).isGreaterThanOrEqualTo(previousEnd - 1);
                read.append(text, Math.max(t.start(), previousEnd), t.end());
                previousEnd = Math.max(previousEnd, t.end());
            }
        }
        assertThat(read.toString().replace(" ", "")).isEqualTo(text.replace(" ", ""));
    }

    @Test
    void aMissingTokenizerIsNamed() {
        assertThatThrownBy(() -> TokenInspector.forModel(Path.of("/nonexistent-model")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("tokenizer.json");
    }

    @Test
    void theModelDirectoryOfALoadedEmbedderHasIt() {
        try (NomicEmbedder embedder = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").build());
                TokenInspector fromModel = TokenInspector.forModel(embedder.info().modelDir())) {
            String text = "search_document: Hello world";
            assertThat(fromModel.count(text)).isEqualTo(embedder.countTokens(text, "none").untruncated());
        }
    }
}
