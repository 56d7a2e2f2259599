package io.github.nomicembed.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample app: an OpenAI-compatible {@code /v1/embeddings} API, a Spring AI RAG pipeline
 * ({@code /documents}, {@code /search}, {@code /ask}) and a search page at {@code /}, all on the
 * nomic-embed-text-v2-moe starter's {@code EmbeddingModel}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
