package io.github.nomicembed.springai.splitter;

import java.util.LinkedHashMap;
import java.util.Map;

/** Multilingual and adversarial texts for the splitter, by name. */
final class Corpus {

    private Corpus() {
    }

    static final String ENGLISH = """
            The Rhine rises in the Swiss Alps and flows north through Lake Constance. It then turns west, \
            forming the border between Germany and Switzerland, before it bends north again at Basel.

            Along the Upper Rhine Plain the river was straightened in the nineteenth century; the works \
            shortened it by about eighty kilometres and drained large wetlands. Floods grew worse downstream.

            Below Bingen the river cuts through the Rhine Gorge, a UNESCO World Heritage Site, where castles \
            stand on the slopes and vineyards climb the steep banks. The Lorelei rock narrows the channel.
            """;

    static final String GERMAN = "Berlin ist die Hauptstadt von Deutschland. Die Stadt hat rund 3,7 Millionen "
            + "Einwohner und ist damit die bevölkerungsreichste Gemeinde der Europäischen Union. "
            + "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen sind selten. ";

    static final String RUSSIAN = "Москва — столица России. Город стоит на реке Москве. Как дела у тебя? "
            + "Всё хорошо, спасибо! ";

    static final String CHINESE = "北京是中国的首都。长城是世界上最长的建筑。黄河是中国第二长的河流！你吃饭了吗？";

    static final String JAPANESE = "東京は日本の首都です。富士山は日本で一番高い山です。今日はいい天気ですね。";

    static final String ARABIC = "مرحبا بالعالم. القاهرة هي عاصمة مصر. النيل أطول نهر في أفريقيا. ";

    static final String EMOJI = "Great trip 🦓🦒🐘! Loved it 😀😀😀 🎉🎉 #safari #travel 👍🏽👨‍👩‍👧‍👦 ";

    /** Every text of the corpus, long enough to need several chunks. */
    static Map<String, String> all() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("english paragraphs", ENGLISH.repeat(12));
        texts.put("german", GERMAN.repeat(25));
        texts.put("russian", RUSSIAN.repeat(40));
        texts.put("chinese", CHINESE.repeat(40));
        texts.put("japanese", JAPANESE.repeat(40));
        texts.put("arabic", ARABIC.repeat(40));
        texts.put("emoji", EMOJI.repeat(40));
        texts.put("mixed", (ENGLISH + GERMAN + CHINESE + RUSSIAN + EMOJI + ARABIC + JAPANESE).repeat(6));
        texts.putAll(adversarial());
        return texts;
    }

    /** Texts that give a splitter nowhere good to cut. */
    static Map<String, String> adversarial() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("one long word", "a".repeat(6000));
        texts.put("no spaces", "abcdefghijklmnopqrstuvwxyz0123456789".repeat(120));
        texts.put("long word between short ones", "short words here " + "x".repeat(3000) + " and more words after");
        texts.put("cjk without punctuation", "北京是中国的首都长城黄河".repeat(300));
        texts.put("only emoji", "🦓😀🎉👍🏽👨‍👩‍👧‍👦".repeat(300));
        texts.put("emoji between spaces", "🦓 😀 🎉 👍🏽 ".repeat(400));
        texts.put("only punctuation", "!?.,;:-()[]{}".repeat(300));
        texts.put("punctuation with spaces", ". ! ? ".repeat(1000));
        texts.put("many blank lines", ("line\n\n\n\n").repeat(500));
        texts.put("tabs and spaces", "word\t \t ".repeat(800));
        return texts;
    }
}
