package io.github.nomicembed.springai.splitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.TruncationPolicy;
import io.github.nomicembed.core.tokenize.TokenInspector;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import io.github.nomicembed.core.fixture.TinyModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;

/** Chunks fit the model's window as its own tokenizer counts, cut at the best place, and lose nothing. */
class NomicTextSplitterTest {

    /** A small window, so that the corpus gives many chunks and strict embedding stays cheap. */
    static final int WINDOW = 96;

    static NomicEmbedder strict;
    static NomicEmbedder full;
    static TokenInspector inspector;

    @BeforeAll
    static void load() {
        strict = TinyModel.load(EmbedderOptions.builder().optDevice("cpu").optMaxSequenceLength(WINDOW)
                .optTruncation(TruncationPolicy.ERROR).build());
        full = TinyModel.load();
        inspector = TokenInspector.forModel(TinyModel.dir());
    }

    @AfterAll
    static void close() {
        strict.close();
        full.close();
        inspector.close();
    }

    @Test
    void noChunkOfTheCorpusExceedsTheWindowAsTheModelCountsIt() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            Corpus.all().forEach((name, text) -> {
                List<Chunk> chunks = splitter.chunks(text);
                if (strict.countTokens(text, EmbeddingTask.DOCUMENT.promptName()).untruncated() > WINDOW) {
                    assertThat(chunks).as(name).hasSizeGreaterThan(1);
                }
                for (Chunk c : chunks) {
                    int tokens = strict.countTokens(c.of(text), EmbeddingTask.DOCUMENT.promptName()).untruncated();
                    assertThat(tokens).as(name + " " + c).isLessThanOrEqualTo(WINDOW).isEqualTo(c.tokens());
                }
            });
        }
    }

    @Test
    void everyChunkEmbedsUnderTheStrictTruncationPolicy() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            NomicEmbeddingModel model = new NomicEmbeddingModel(strict);
            Corpus.all().forEach((name, text) -> {
                List<Document> chunks = splitter.split(new Document(text));
                // the batch path vector stores use: the document prompt, and ERROR on any text over the window
                List<float[]> vectors = model.embed(chunks, null, docs -> List.of(docs));
                assertThat(vectors).as(name).hasSize(chunks.size());
            });
        }
    }

    @Test
    void theDefaultMaximumIsTheModelsWindow() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(full).build()) {
            assertThat(splitter.maxTokens()).isEqualTo(full.info().maxSequenceLength());
            String text = Corpus.all().get("mixed");
            List<Chunk> chunks = splitter.chunks(text);
            assertThat(chunks).allSatisfy(c -> assertThat(c.tokens()).isLessThanOrEqualTo(full.info().maxSequenceLength()));
            assertThat(full.countTokens(text, EmbeddingTask.DOCUMENT.promptName()).untruncated())
                    .as("the text itself would be truncated").isGreaterThan(full.info().maxSequenceLength());
        }
    }

    @Test
    void chunksAreFilledCloseToTheMaximum() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            String text = Corpus.all().get("no spaces");
            List<Chunk> chunks = splitter.chunks(text);
            for (Chunk c : chunks.subList(0, chunks.size() - 1)) {
                assertThat(c.tokens()).as(c.toString()).isGreaterThan(WINDOW - 4);
            }
        }
    }

    @Test
    void joiningTheChunksGivesTheInputBack() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            Corpus.all().forEach((name, text) ->
                    assertThat(String.join("", splitter.split(new Document(text)).stream()
                            .map(Document::getText).toList())).as(name).isEqualTo(text));
        }
    }

    @Test
    void cutsFallOnParagraphBreaksWhenParagraphsFit() {
        String paragraph = "Short sentence one. Short sentence two.";
        String text = (paragraph + "\n\n").repeat(40);
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            List<Chunk> chunks = splitter.chunks(text);
            assertThat(chunks).hasSizeGreaterThan(1);
            for (Chunk c : chunks) {
                assertThat(c.of(text)).as(c.toString()).endsWith("\n\n").startsWith("Short sentence one.");
            }
        }
    }

    @Test
    void cutsFallOnSentenceEndsInsideALongParagraph() {
        String text = "The cat sat on the mat. ".repeat(60) + "End.";
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            List<Chunk> chunks = splitter.chunks(text);
            assertThat(chunks).hasSizeGreaterThan(1);
            for (Chunk c : chunks.subList(0, chunks.size() - 1)) {
                assertThat(c.of(text)).as(c.toString()).endsWith(". ").startsWith("The cat");
            }
        }
    }

    @Test
    void cutsFallBetweenWordsInASentenceLongerThanAChunk() {
        String text = "alpha beta gamma delta epsilon zeta eta theta ".repeat(40);
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            List<Chunk> chunks = splitter.chunks(text);
            assertThat(chunks).hasSizeGreaterThan(1);
            for (Chunk c : chunks.subList(0, chunks.size() - 1)) {
                assertThat(text.charAt(c.end() - 1)).as(c.toString()).isEqualTo(' ');
                assertThat(text.charAt(c.end())).as(c.toString()).isNotEqualTo(' ');
            }
        }
    }

    @Test
    void aWordLongerThanAChunkIsCutOnlyWithinItself() {
        String word = "x".repeat(3000);
        String text = "short words here " + word + " and more words after";
        int wordStart = text.indexOf(word);
        int wordEnd = wordStart + word.length();
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            for (Chunk c : splitter.chunks(text)) {
                boolean cutInsideWord = c.end() > wordStart && c.end() < wordEnd;
                boolean cutAtWordEdge = c.end() == wordStart || c.end() == wordEnd + 1 || c.end() == text.length();
                assertThat(cutInsideWord || cutAtWordEdge).as(c.toString()).isTrue();
            }
        }
    }

    @Test
    void noChunkSplitsASurrogatePair() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            String text = Corpus.all().get("only emoji");
            for (Chunk c : splitter.chunks(text)) {
                assertThat(Character.isLowSurrogate(text.charAt(c.start()))).as(c.toString()).isFalse();
            }
        }
    }

    @Test
    void consecutiveChunksShareAtMostTheOverlapInWholeWords() {
        int overlap = 12;
        String text = Corpus.all().get("english paragraphs");
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).overlapTokens(overlap).build()) {
            List<Chunk> chunks = splitter.chunks(text);
            assertThat(chunks).hasSizeGreaterThan(2);
            int shared = 0;
            for (int i = 1; i < chunks.size(); i++) {
                Chunk previous = chunks.get(i - 1);
                Chunk c = chunks.get(i);
                assertThat(c.start()).isGreaterThan(previous.start()).isLessThanOrEqualTo(previous.end());
                assertThat(c.end()).isGreaterThan(previous.end());
                if (c.start() < previous.end()) {
                    shared++;
                    String common = text.substring(c.start(), previous.end());
                    // the words' own tokens; a trailing space would read as one more piece on its own
                    assertThat(inspector.count(common.strip()) - 2).as(common).isLessThanOrEqualTo(overlap);
                    assertThat(Character.isWhitespace(text.charAt(c.start() - 1))).as(common).isTrue();
                }
            }
            assertThat(shared).as("chunks that overlap").isEqualTo(chunks.size() - 1);
        }
    }

    @Test
    void joiningTheChunksWithoutTheirOverlapGivesTheInputBack() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).overlapTokens(20).build()) {
            Corpus.all().forEach((name, text) -> {
                StringBuilder joined = new StringBuilder();
                int previousEnd = 0;
                for (Chunk c : splitter.chunks(text)) {
                    joined.append(text, previousEnd, c.end());
                    previousEnd = c.end();
                }
                assertThat(joined.toString()).as(name).isEqualTo(text);
            });
        }
    }

    @Test
    void chunksCarryTheDocumentsMetadataAndTheirPlace() {
        Document doc = Document.builder().id("doc-7").text(Corpus.all().get("german"))
                .metadata(Map.of("source", "atlas", "page", 12)).build();
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            List<Document> chunks = splitter.split(doc);
            assertThat(chunks).hasSizeGreaterThan(1);
            for (int i = 0; i < chunks.size(); i++) {
                Map<String, Object> metadata = chunks.get(i).getMetadata();
                assertThat(metadata).containsEntry("source", "atlas").containsEntry("page", 12)
                        .containsEntry("parent_document_id", "doc-7").containsEntry("chunk_index", i)
                        .containsEntry("total_chunks", chunks.size());
                assertThat(chunks.get(i).getId()).isNotEqualTo("doc-7");
            }
        }
    }

    @Test
    void aTextThatFitsIsOneChunk() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(strict).build()) {
            assertThat(splitter.chunks("Berlin ist die Hauptstadt.")).hasSize(1);
            assertThat(splitter.chunks("")).isEmpty();
        }
    }

    @Test
    void aSmallerMaximumGivesSmallerChunks() {
        try (NomicTextSplitter splitter = NomicTextSplitter.builder(full).maxTokens(64).build()) {
            assertThat(splitter.chunks(Corpus.all().get("russian")))
                    .allSatisfy(c -> assertThat(c.tokens()).isLessThanOrEqualTo(64));
        }
    }

    @Test
    void aMaximumOverTheWindowIsRefusedWithTheAllowedRange() {
        assertThatThrownBy(() -> NomicTextSplitter.builder(strict).maxTokens(WINDOW + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-tokens " + (WINDOW + 1))
                .hasMessageContaining(".." + WINDOW);
    }

    @Test
    void aMaximumThatLeavesNoRoomForTextIsRefused() {
        int overhead = strict.countTokens("", EmbeddingTask.DOCUMENT.promptName()).untruncated();
        assertThatThrownBy(() -> NomicTextSplitter.builder(strict).maxTokens(overhead + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document prompt")
                .hasMessageContaining("allowed: " + (overhead + NomicTextSplitter.MIN_TEXT_TOKENS) + ".." + WINDOW);
    }

    @Test
    void anOverlapOverHalfAChunkIsRefused() {
        assertThatThrownBy(() -> NomicTextSplitter.builder(strict).overlapTokens(WINDOW).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap-tokens " + WINDOW)
                .hasMessageContaining("allowed: 0..");
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThatThrownBy(() -> NomicTextSplitter.builder(strict).maxTokens(-1))
                .hasMessageContaining("max-tokens -1");
        assertThatThrownBy(() -> NomicTextSplitter.builder(strict).overlapTokens(-1))
                .hasMessageContaining("overlap-tokens -1");
    }
}
