package io.github.nomicembed.sample.rag;

import io.github.nomicembed.sample.rag.RagDtos.AskResponse;
import io.github.nomicembed.sample.rag.RagDtos.Hit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.advisor.RetrievalAugmentationAdvisor;
import org.springframework.ai.rag.generation.augmentation.ContextualQueryAugmenter;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.transformer.splitter.TextSplitter;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The RAG pipeline on the app's {@link VectorStore}: documents are cut by the starter's {@link TextSplitter} (the
 * model-accurate {@code NomicTextSplitter}: no chunk is ever truncated) and embedded with the document prefix,
 * queries with the query prefix, both by the starter's {@code EmbeddingModel}. {@link #ask} runs a
 * {@link ChatClient} with a {@link RetrievalAugmentationAdvisor} when a {@link ChatModel} bean exists.
 */
@Service
public class RagService {

    static final String NO_CHAT_MODEL = "No ChatModel is configured, so no answer was generated; these are the "
            + "documents a chat model would have been given. Add a Spring AI chat model starter (e.g. "
            + "spring-ai-starter-model-openai or -ollama) to get answers.";

    private final VectorStore vectorStore;
    private final TextSplitter splitter;
    private final ChatClient chatClient;

    public RagService(VectorStore vectorStore, TextSplitter splitter, ObjectProvider<ChatModel> chatModel) {
        this.vectorStore = vectorStore;
        this.splitter = splitter;
        ChatModel model = chatModel.getIfUnique();
        this.chatClient = model == null ? null : ChatClient.create(model);
    }

    /**
     * Cuts {@code documents} into chunks that fit the model, stores the chunks (embedded as documents) and
     * returns their ids, in order. A chunk carries its document's metadata plus {@code parent_document_id},
     * {@code chunk_index} and {@code total_chunks}; a document that fits is one chunk.
     */
    public List<String> add(List<Document> documents) {
        List<Document> chunks = splitter.apply(documents);
        vectorStore.add(chunks);
        return chunks.stream().map(Document::getId).toList();
    }

    /** The {@code k} documents closest to {@code query}, best first. */
    public List<Hit> search(String query, int k) {
        return hits(vectorStore.similaritySearch(SearchRequest.builder().query(query).topK(k).build()));
    }

    /** Answers {@code question} from the {@code k} closest documents, or returns them without a chat model. */
    public AskResponse ask(String question, int k) {
        if (chatClient == null) {
            return new AskResponse(question, null, false, NO_CHAT_MODEL, search(question, k));
        }
        RetrievalAugmentationAdvisor rag = RetrievalAugmentationAdvisor.builder()
                .documentRetriever(VectorStoreDocumentRetriever.builder().vectorStore(vectorStore).topK(k).build())
                .queryAugmenter(ContextualQueryAugmenter.builder().allowEmptyContext(true).build())
                .build();
        ChatClientResponse response = chatClient.prompt().advisors(rag).user(question).call().chatClientResponse();
        String answer = response.chatResponse() == null || response.chatResponse().getResult() == null ? null
                : response.chatResponse().getResult().getOutput().getText();
        Object retrieved = response.context().get(RetrievalAugmentationAdvisor.DOCUMENT_CONTEXT);
        List<Hit> context = retrieved instanceof List<?> docs
                ? hits(docs.stream().filter(Document.class::isInstance).map(Document.class::cast).toList())
                : List.of();
        return new AskResponse(question, answer, true, null, context);
    }

    /** Whether a chat model is configured. */
    public boolean hasChatModel() {
        return chatClient != null;
    }

    private static List<Hit> hits(List<Document> documents) {
        return documents.stream().map(RagService::hit).toList();
    }

    private static Hit hit(Document d) {
        Map<String, Object> metadata = new LinkedHashMap<>(d.getMetadata());
        metadata.remove("distance"); // stores add it; the score says the same
        return new Hit(d.getId(), d.getText(), d.getScore(), metadata);
    }
}
