package io.github.nomicembed.core.tokenize;

import io.github.nomicembed.core.config.ModelConfigException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a {@code tokenizer.json} before the native tokenizer sees it. The Hugging Face library is Rust behind JNI:
 * what it refuses it reports as an error, but some well-formed files make it overflow the native stack while
 * encoding, which kills the whole JVM. Fuzzing found one: a vocabulary piece of a few thousand characters, hit by a
 * long word, crashes a thread with Java's default 1 MB stack. Real pieces are short (SentencePiece caps them at 16
 * characters, byte-level BPE vocabularies stay under a hundred), so longer ones are refused here; so are very deep
 * nesting and inconsistent post-processor templates, which make it panic (a panic aborts the JVM). Streams the
 * file: the real tokenizer.json is 17 MB.
 */
final class TokenizerFileCheck {

    /** Deepest nesting accepted (real files nest about 5 levels; very deep ones make the library panic). */
    static final int MAX_DEPTH = 32;

    /** Longest vocabulary piece or added token accepted, in characters. */
    static final int MAX_PIECE_CHARS = 256;

    private TokenizerFileCheck() {
    }

    /**
     * A {@code TemplateProcessing} whose template names a special token missing from its {@code special_tokens} (or
     * listed under another key, or with {@code ids} and {@code tokens} of different lengths) makes the library panic,
     * which aborts the JVM, on the first text it encodes.
     */
    private static void checkPostProcessor(Path file, JsonNode processor, String where) {
        if (processor == null || !processor.isObject()) {
            return;
        }
        if ("Sequence".equals(processor.path("type").asString(""))) {
            JsonNode processors = processor.path("processors");
            for (int i = 0; i < processors.size(); i++) {
                checkPostProcessor(file, processors.get(i), where + "/processors/" + i);
            }
            return;
        }
        if (!"TemplateProcessing".equals(processor.path("type").asString(""))) {
            return;
        }
        JsonNode specials = processor.path("special_tokens");
        for (var entry : specials.properties()) {
            JsonNode token = entry.getValue();
            if (!entry.getKey().equals(token.path("id").asString(null)) || !token.path("ids").isArray()
                    || token.path("ids").size() != token.path("tokens").size()) {
                throw new ModelConfigException(file, where + "/special_tokens/" + entry.getKey() + " is inconsistent: "
                        + "its 'id' must equal its key and 'ids' and 'tokens' must have the same length");
            }
        }
        for (String template : new String[] {"single", "pair"}) {
            for (JsonNode piece : processor.path(template)) {
                JsonNode special = piece.get("SpecialToken");
                if (special != null && !specials.has(special.path("id").asString(""))) {
                    throw new ModelConfigException(file, where + "/" + template + " uses the special token "
                            + special.path("id") + ", which is not in " + where + "/special_tokens");
                }
            }
        }
    }

    static void check(Path file) {
        try (JsonParser parser = JsonMapper.builder().build().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ModelConfigException(file, "is not a JSON object (not a Hugging Face tokenizer)");
            }
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser.streamReadContext().getNestingDepth() > MAX_DEPTH) {
                    throw new ModelConfigException(file, "nests deeper than " + MAX_DEPTH + " levels at "
                            + parser.streamReadContext().pathAsPointer() + "; allowed: at most " + MAX_DEPTH
                            + " (deeper nesting can crash the native tokenizer)");
                }
                if (token == JsonToken.PROPERTY_NAME && parser.streamReadContext().getParent() != null
                        && parser.streamReadContext().getParent().inRoot() && "post_processor".equals(parser.currentName())) {
                    parser.nextToken();
                    checkPostProcessor(file, parser.readValueAsTree(), "/post_processor");
                    continue;
                }
                boolean text = token == JsonToken.VALUE_STRING || token == JsonToken.PROPERTY_NAME;
                if (text && parser.getTextLength() > MAX_PIECE_CHARS) {
                    String where = parser.streamReadContext().pathAsPointer().toString();
                    if (where.startsWith("/model/vocab") || where.startsWith("/model/merges")
                            || where.startsWith("/added_tokens")) {
                        throw new ModelConfigException(file, "has a vocabulary entry of " + parser.getTextLength()
                                + " characters at " + where + "; allowed: at most " + MAX_PIECE_CHARS
                                + " (longer pieces can crash the native tokenizer)");
                    }
                }
            }
        } catch (JacksonException e) {
            throw new ModelConfigException(file, "cannot be parsed as JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ModelConfigException) {
                throw e;
            }
            throw new ModelConfigException(file, "cannot be read: " + e.getMessage(), e);
        }
    }
}
