package io.github.nomicembed.sample.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.tokenize.NomicTokenizer;
import io.github.nomicembed.core.tokenize.Tokenized;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** POST /tokenize: the tokens the model sees, in TEI's shape, with offsets into the text as sent. */
class TokenizeApiIT extends SharedAppIT {

    static final String TEXT = "Berlin ist die Hauptstadt von Deutschland.";

    Http.Response tokenize(Object body) {
        return http().postJson("/tokenize", body instanceof String s ? s : Http.json(body), "Authorization",
                "Bearer " + API_KEY);
    }

    static long[] ids(JsonNode tokens) {
        List<Long> ids = new ArrayList<>();
        tokens.forEach(t -> ids.add(t.get("id").asLong()));
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void aTextGivesTheModelsTokenIdsWithTheirTextAndOffsets() {
        Http.Response r = tokenize(Map.of("inputs", TEXT));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode item = r.json().get("data").get(0);
        Tokenized expected = modelTokens(TEXT);
        assertThat(ids(item.get("tokens"))).containsExactly(expected.ids());
        assertThat(item.get("count").asInt()).isEqualTo(expected.length());
        assertThat(item.get("truncated").asBoolean()).isFalse();
        StringBuilder covered = new StringBuilder();
        for (JsonNode t : item.get("tokens")) {
            if (!t.get("special").asBoolean()) {
                String piece = TEXT.substring(t.get("start").asInt(), t.get("stop").asInt());
                assertThat(t.get("text").asString()).isEqualTo(piece);
                covered.append(piece);
            }
        }
        assertThat(covered.toString().replace(" ", "")).isEqualTo(TEXT.replace(" ", ""));
    }

    @Test
    void specialTokensHaveNoOffsets() {
        JsonNode tokens = tokenize(Map.of("inputs", TEXT)).json().at("/data/0/tokens");
        for (JsonNode t : List.of(tokens.get(0), tokens.get(tokens.size() - 1))) {
            assertThat(t.get("special").asBoolean()).isTrue();
            assertThat(t.get("start").isNull()).isTrue();
            assertThat(t.get("stop").isNull()).isTrue();
        }
        assertThat(tokens.get(0).get("text").asString()).isEqualTo("<s>");
    }

    @Test
    void anArrayGivesOneEntryPerInputInOrder() {
        Http.Response r = tokenize(Map.of("inputs", List.of("a", TEXT, "")));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("data").size()).isEqualTo(3);
        assertThat(r.json().at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(r.json().at("/data/1/count").asInt()).isEqualTo(modelTokens(TEXT).length());
        assertThat(r.json().at("/data/2/count").asInt()).as("an empty text: <s> and </s>").isEqualTo(2);
    }

    @Test
    void offsetsCountCharactersAsCodePointsAfterAnEmoji() {
        String text = "🦓 zebra";
        JsonNode tokens = tokenize(Map.of("inputs", text)).json().at("/data/0/tokens");
        JsonNode last = tokens.get(tokens.size() - 2);

        assertThat(last.get("stop").asInt()).isEqualTo(text.codePointCount(0, text.length())).isEqualTo(7);
        for (JsonNode t : tokens) {
            if (!t.get("special").asBoolean()) {
                int[] codePoints = text.codePoints().toArray();
                String piece = new String(codePoints, t.get("start").asInt(),
                        t.get("stop").asInt() - t.get("start").asInt());
                assertThat(t.get("text").asString()).isEqualTo(piece);
            }
        }
    }

    @Test
    void noPromptIsAppliedUnlessOneIsNamed() {
        Http.Response r = tokenize(Map.of("inputs", TEXT));

        assertThat(r.json().get("prompt_name").asString()).isEqualTo("none");
        assertThat(r.json().get("prefix").asString()).isEmpty();
        assertThat(r.json().at("/data/0/count").asInt()).isEqualTo(embedder.countTokens(TEXT, "none").untruncated());
    }

    @Test
    void aNamedPromptIsPrependedAndItsTokensAreMarkedWithoutOffsets() {
        Http.Response r = tokenize(Map.of("inputs", TEXT, "prompt_name", "query"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("prefix").asString()).isEqualTo(embedder.info().promptPrefix("query"));
        JsonNode item = r.json().get("data").get(0);
        assertThat(item.get("count").asInt()).isEqualTo(embedder.countTokens(TEXT, "query").untruncated());
        int promptTokens = 0;
        boolean textSeen = false;
        for (JsonNode t : item.get("tokens")) {
            if (t.get("prompt").asBoolean()) {
                assertThat(textSeen).as("prompt tokens come first").isFalse();
                assertThat(t.get("start").isNull()).isTrue();
                promptTokens++;
            } else if (!t.get("special").asBoolean()) {
                if (!textSeen) {
                    assertThat(t.get("start").asInt()).isZero();
                }
                textSeen = true;
                assertThat(t.get("text").asString()).isEqualTo(TEXT.substring(t.get("start").asInt(),
                        t.get("stop").asInt()));
            }
        }
        assertThat(promptTokens).isPositive();
    }

    @Test
    void aTextOverTheWindowIsMarkedTruncatedWithAllItsTokensShown() {
        String text = "word ".repeat(2000);
        JsonNode item = tokenize(Map.of("inputs", text)).json().at("/data/0");

        assertThat(item.get("truncated").asBoolean()).isTrue();
        assertThat(item.get("count").asInt()).isEqualTo(embedder.countTokens(text, "none").untruncated())
                .isGreaterThan(embedder.info().maxSequenceLength());
        assertThat(item.get("tokens").size()).isEqualTo(item.get("count").asInt());
    }

    @Test
    void theApiKeyIsRequiredAsOnV1() {
        Http.Response r = http().withoutKey().postJson("/tokenize", Http.json(Map.of("inputs", TEXT)));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error("code")).isEqualTo("invalid_api_key");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("{}", 400, "inputs"),
                Arguments.of("{\"inputs\":null}", 400, "inputs"),
                Arguments.of("{\"inputs\":[]}", 400, "inputs"),
                Arguments.of("{\"inputs\":5}", 400, "inputs"),
                Arguments.of("{\"inputs\":[\"a\",7]}", 400, "inputs"),
                Arguments.of("{\"inputs\":{\"a\":1}}", 400, "inputs"),
                Arguments.of("{\"inputs\":\"a\",\"prompt_name\":\"nope\"}", 400, "prompt_name"),
                Arguments.of("{\"inputs\":\"a\",\"prompt_name\":3}", 400, "prompt_name"),
                Arguments.of(Http.json(Map.of("inputs", Collections.nCopies(MAX_ITEMS + 1, "a"))), 413, "inputs"),
                Arguments.of("[\"a\"]", 400, null),
                Arguments.of("{\"inputs\":", 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsRefusedInTheShapeOfV1Embeddings(String body, int status, String param) {
        Http.Response r = tokenize(body);

        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.error("type")).isEqualTo("invalid_request_error");
        assertThat(r.error("message")).isNotBlank();
        assertThat(r.error("param")).isEqualTo(param);
    }

    @Test
    void anUnknownPromptNameListsTheAllowedOnes() {
        Http.Response r = tokenize("{\"inputs\":\"a\",\"prompt_name\":\"nope\"}");

        assertThat(r.error("message")).contains("query", "none", "nope");
    }

    /** The ids the engine's own tokenizer gives (what the forward pass sees). */
    private Tokenized modelTokens(String text) {
        try (NomicTokenizer t = new NomicTokenizer(embedder.info().modelDir().resolve("tokenizer.json"),
                embedder.info().maxSequenceLength())) {
            return t.encode(text);
        }
    }
}
