package io.github.nomicembed.sample.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With a {@link ChatModel} bean, {@code POST /ask} runs a {@code ChatClient} with the
 * {@code RetrievalAugmentationAdvisor}: the chat model receives the question together with the documents the
 * vector store retrieved, and its answer comes back with them. The chat model is a stub that records prompts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("offline-demo")
@Import(AskWithChatModelIT.StubChatModel.class)
class AskWithChatModelIT {

    @LocalServerPort
    int port;

    @Autowired
    StubChatModel chat;

    @DynamicPropertySource
    static void storeDir(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-stores")), "ask-")
                .toAbsolutePath();
        registry.add("app.store.dir", dir::toString);
    }

    @Test
    void theChatModelAnswersFromTheRetrievedDocuments() {
        Http http = new Http("http://127.0.0.1:" + port);
        String fact = "The Okavango Delta floods every year during the dry season.";
        http.postJson("/documents", Http.json(Map.of("documents", List.of(Map.of("text", fact),
                Map.of("text", "Espresso is brewed by forcing hot water through coffee.")))));

        Http.Response r = http.postJson("/ask", Http.json(Map.of("question", fact, "k", 1)));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("chatModel").asBoolean()).isTrue();
        assertThat(body.get("answer").asString()).isEqualTo(StubChatModel.ANSWER);
        assertThat(body.has("message")).isFalse();
        assertThat(body.get("context").size()).isEqualTo(1);
        assertThat(body.get("context").get(0).get("text").asString()).isEqualTo(fact);
        assertThat(chat.prompts).hasSize(1);
        String sent = chat.prompts.get(0).getContents();
        assertThat(sent).contains(fact).doesNotContain("Espresso");
    }

    @Test
    void infoReportsTheChatModel() {
        Http.Response r = new Http("http://127.0.0.1:" + port).get("/api/info");

        assertThat(r.json().at("/rag/chatModel").asBoolean()).isTrue();
    }

    /** A {@link ChatModel} that records prompts and answers {@value #ANSWER}. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StubChatModel {

        static final String ANSWER = "stub answer";

        final List<Prompt> prompts = new CopyOnWriteArrayList<>();

        @Bean
        ChatModel stubChatModel() {
            return prompt -> {
                prompts.add(prompt);
                return new ChatResponse(List.of(new Generation(new AssistantMessage(ANSWER))));
            };
        }
    }
}
