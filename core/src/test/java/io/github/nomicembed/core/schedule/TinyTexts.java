package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EngineTestAccess;
import io.github.nomicembed.core.Fixture;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The tiny fixture model with the scheduler off (the reference), and seeded texts of varied lengths. */
final class TinyTexts {

    private static final String[] WORDS = {"berlin", "capital", "germany", "the", "river", "of", "paris", "city",
        "embedding", "model", "search", "query", "document", "mixture", "experts", "a", "is", "in"};

    private TinyTexts() {
    }

    static NomicEmbedder reference() {
        return NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
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
            out.add(EngineTestAccess.tokenize(e, text(rnd, 1 + rnd.nextInt(maxWords))));
        }
        return out;
    }
}
