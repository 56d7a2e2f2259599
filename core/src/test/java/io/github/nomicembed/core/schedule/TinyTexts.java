package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The tiny fixture model with the scheduler off (the reference), and seeded texts of varied lengths. */
final class TinyTexts {

    private static final String[] WORDS = {"berlin", "capital", "germany", "the", "river", "of", "paris", "city",
        "embedding", "model", "search", "query", "document", "mixture", "experts", "a", "is", "in"};

    private TinyTexts() {
    }

    static Path modelDir() {
        try {
            return Paths.get(TinyTexts.class.getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NomicEmbedder reference() {
        return NomicEmbedder.load(modelDir(), EmbedderOptions.builder().optDevice("cpu")
                .optScheduler(SchedulerOptions.disabled()).build());
    }

    static String text(SplittableRandom rnd, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    static List<Tokenized> tokenized(NomicEmbedder e, SplittableRandom rnd, int count, int maxWords) {
        List<Tokenized> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(e.tokenize(text(rnd, 1 + rnd.nextInt(maxWords))));
        }
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
