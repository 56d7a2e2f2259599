package io.github.nomicembed.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.advisor.RetrievalAugmentationAdvisor;
import org.springframework.ai.rag.generation.augmentation.ContextualQueryAugmenter;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * RAG advisors retrieve with the query-prefixed question against document-prefixed passages; a stub
 * {@link ChatModel} captures the prompt so the test can see what was retrieved.
 */
class RagAdvisorTest {

    // texts whose similarities are positive even with the fixture's random weights (advisors use threshold 0)
    static final List<String> PASSAGES = List.of("The quick brown fox jumps over the lazy dog.",
            "The capital of Germany is Berlin.", "Как дела у тебя?", "Berlin ist die Hauptstadt von Deutschland.");
    static final String QUESTION = "the capital of Germany";

    static NomicEmbedder embedder;
    static VectorStore store;
    /** The passage a query-prefixed search must rank first, computed with explicit prefixes. */
    static String expectedTop;

    final AtomicReference<Prompt> captured = new AtomicReference<>();
    final ChatModel stub = prompt -> {
        captured.set(prompt);
        return new ChatResponse(List.of(new Generation(new AssistantMessage("stub answer"))));
    };

    @BeforeAll
    static void load() {
        embedder = TinyModel.load();
        NomicEmbeddingModel model = new NomicEmbeddingModel(embedder);
        store = SimpleVectorStore.builder(model).build();
        store.add(PASSAGES.stream().map(Document::new).toList());
        float[] query = TinyModel.query(embedder, QUESTION);
        expectedTop = PASSAGES.stream()
                .max(Comparator.comparingDouble(p -> Matryoshka.dot(query, TinyModel.document(embedder, p))))
                .orElseThrow();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    List<String> notRetrieved() {
        List<String> others = new ArrayList<>(PASSAGES);
        others.remove(expectedTop);
        return others;
    }

    @Test
    void questionAnswerAdvisorPutsTheTopDocumentIntoThePrompt() {
        QuestionAnswerAdvisor advisor = QuestionAnswerAdvisor.builder(store)
                .searchRequest(SearchRequest.builder().topK(1).similarityThresholdAll().build()).build();
        String answer = ChatClient.builder(stub).build().prompt().advisors(advisor).user(QUESTION).call().content();

        assertThat(answer).isEqualTo("stub answer");
        assertThat(captured.get().getContents()).contains(QUESTION).contains(expectedTop)
                .doesNotContain(notRetrieved());
    }

    @Test
    void retrievalAugmentationAdvisorPutsTheTopDocumentIntoThePrompt() {
        RetrievalAugmentationAdvisor advisor = RetrievalAugmentationAdvisor.builder()
                .documentRetriever(VectorStoreDocumentRetriever.builder().vectorStore(store).topK(1)
                        .similarityThreshold(0.0).build())
                .queryAugmenter(ContextualQueryAugmenter.builder().allowEmptyContext(true).build())
                .build();
        ChatClient.builder(stub).build().prompt().advisors(advisor).user(QUESTION).call().content();

        assertThat(captured.get().getContents()).contains(QUESTION).contains(expectedTop)
                .doesNotContain(notRetrieved());
    }

    @Test
    void searchRanksByTheQueryPrefixedQuestion() {
        List<Document> hits = store.similaritySearch(SearchRequest.builder().query(QUESTION).topK(PASSAGES.size())
                .similarityThresholdAll().build());
        assertThat(hits).as("fixture precondition: every passage scores >= 0").hasSize(PASSAGES.size());
        assertThat(hits.get(0).getText()).isEqualTo(expectedTop);
    }
}
