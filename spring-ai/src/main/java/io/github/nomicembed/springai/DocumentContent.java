package io.github.nomicembed.springai;

import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;

/** The text of a {@link Document} that gets embedded, shared by the model and the batching strategy. */
final class DocumentContent {

    private DocumentContent() {
    }

    /**
     * {@link Document#getText()} for {@link MetadataMode#NONE} (not {@code getFormattedContent(NONE)}, which
     * starts with a blank line), else the formatted content without leading blank lines.
     *
     * @throws IllegalArgumentException when the document has no text (e.g. a media document)
     */
    static String of(Document document, MetadataMode mode) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        if (!document.isText() || document.getText() == null) {
            throw new IllegalArgumentException("Document '" + document.getId()
                    + "' has no text; nomic-embed-text embeds text documents only");
        }
        if (mode == MetadataMode.NONE) {
            return document.getText();
        }
        return document.getFormattedContent(mode).stripLeading();
    }
}
