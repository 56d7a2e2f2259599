package io.github.nomicembed.sample.rag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.filter.Filter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring AI's in-memory {@link SimpleVectorStore}, loaded from a JSON file at startup and written back
 * (to a temporary file, then moved into place) after every add and delete, so nothing is lost on restart.
 */
public class FileBackedSimpleVectorStore extends SimpleVectorStore {

    private static final Logger log = LoggerFactory.getLogger(FileBackedSimpleVectorStore.class);

    private final Path file;
    private final Object writeLock = new Object();

    /**
     * @param embeddingModel embeds documents and queries
     * @param file the store file; loaded when it exists, its directory created when missing
     * @throws IllegalStateException when the file holds vectors of another dimension than the model's
     */
    public FileBackedSimpleVectorStore(EmbeddingModel embeddingModel, Path file) {
        super(SimpleVectorStore.builder(embeddingModel));
        this.file = file.toAbsolutePath();
        if (Files.isRegularFile(this.file)) {
            checkDimensions(embeddingModel.dimensions());
            load(this.file.toFile());
            log.info("Loaded {} documents from {}", store.size(), this.file);
        } else {
            log.info("No vector store file yet; documents will be saved to {}", this.file);
        }
    }

    /** The file the store is saved to. */
    public Path file() {
        return file;
    }

    /** Number of stored documents. */
    public int size() {
        return store.size();
    }

    @Override
    public void doAdd(List<Document> documents) {
        synchronized (writeLock) {
            super.doAdd(documents);
            persist();
        }
    }

    @Override
    public void doDelete(List<String> ids) {
        synchronized (writeLock) {
            super.doDelete(ids);
            persist();
        }
    }

    @Override
    public void doDelete(Filter.Expression filterExpression) {
        synchronized (writeLock) {
            super.doDelete(filterExpression);
            persist();
        }
    }

    private void persist() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            save(tmp.toFile());
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the vector store to " + file, e);
        }
    }

    /** Refuses a file whose vectors have another length than the model's (e.g. written by another model). */
    private void checkDimensions(int dimensions) {
        JsonNode saved = JsonMapper.shared().readTree(file.toFile());
        for (JsonNode entry : saved) {
            JsonNode embedding = entry.get("embedding");
            if (embedding != null && embedding.size() != dimensions) {
                throw new IllegalStateException("The vector store file " + file + " holds " + embedding.size()
                        + "-dimensional vectors, but the model produces " + dimensions + ". Point app.store.dir at "
                        + "another directory or delete the file to start over.");
            }
        }
    }
}
