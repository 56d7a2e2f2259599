package io.github.nomicembed.springai.splitter;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.transformer.splitter.TextSplitter;
import org.springframework.ai.transformer.splitter.TokenTextSplitter;

/**
 * How many chunks Spring AI's {@code TokenTextSplitter} (defaults: 800 cl100k tokens) and
 * {@link NomicTextSplitter} (defaults: the model's window) give on a multilingual sample, and how many of them
 * the model would truncate: counted with the model's own tokenizer, document prompt and special tokens
 * included. A program, not a test:
 *
 * <pre>
 * mvn -B -ntp -q -pl spring-ai -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp spring-ai/target/test-classes:spring-ai/target/classes:$(cat spring-ai/target/test.classpath) \
 *     io.github.nomicembed.springai.splitter.SplitterComparison [MODEL_DIR]
 * </pre>
 *
 * Without MODEL_DIR it runs on the tiny test fixture, whose 308-piece tokenizer has the XLM-R layout but not
 * its vocabulary: it reads most words piece by piece and fuses runs of unknown characters (CJK, emoji) into
 * one token, so its counts differ from the real model's.
 */
public final class SplitterComparison {

    private SplitterComparison() {
    }

    static Map<String, String> sample() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("English", """
                Rivers shape the land they cross. Over thousands of years they cut valleys, carry sand and gravel \
                to the sea, and build plains where they flood. People have always settled along them: rivers \
                give water for fields, power for mills and a road for trade.

                Today most large rivers are managed. Dams store water for dry seasons and make electricity, \
                levees keep floods out of towns, and locks let ships pass rapids. Each of these changes the \
                river downstream, often in ways that were not planned.
                """);
        texts.put("German", """
                Flüsse formen das Land, das sie durchqueren. Über Jahrtausende schneiden sie Täler, tragen Sand \
                und Kies ins Meer und bauen Ebenen auf, wo sie über die Ufer treten. Menschen haben sich immer \
                an ihnen niedergelassen.

                Heute werden die meisten großen Flüsse gesteuert. Staudämme speichern Wasser für trockene \
                Jahreszeiten, Deiche halten Hochwasser von den Städten fern, und Schleusen lassen Schiffe passieren.
                """);
        texts.put("French", """
                Les fleuves façonnent les terres qu'ils traversent. Au fil des millénaires, ils creusent des \
                vallées, transportent le sable jusqu'à la mer et construisent des plaines là où ils débordent.

                Aujourd'hui, la plupart des grands fleuves sont aménagés : les barrages stockent l'eau, les digues \
                protègent les villes et les écluses permettent aux bateaux de franchir les rapides.
                """);
        texts.put("Russian", """
                Реки формируют землю, которую пересекают. За тысячи лет они прорезают долины, несут песок и \
                гравий к морю и создают равнины там, где разливаются. Люди всегда селились у рек.

                Сегодня большинство крупных рек регулируется. Плотины запасают воду, дамбы защищают города \
                от наводнений, а шлюзы пропускают суда через пороги.
                """);
        texts.put("Chinese", """
                河流塑造了它们流经的土地。数千年来，河流切割出山谷，把沙子和砾石带入大海，并在泛滥的地方形成平原。\
                人们一直沿河而居：河流为田地提供水源，为磨坊提供动力，也是贸易的道路。

                如今，大多数大河都受到人工管理。水坝储存旱季用水并发电，堤防把洪水挡在城镇之外，船闸让船只通过急流。
                """);
        texts.put("Japanese", """
                川は流れる土地を形づくる。何千年もかけて谷を刻み、砂や砂利を海へ運び、氾濫する場所に平野をつくる。\
                人々はいつも川のそばに住んできた。

                今日、大きな川のほとんどは管理されている。ダムは水をため、堤防は町を洪水から守り、閘門は船を通す。
                """);
        texts.put("Arabic", """
                تشكل الأنهار الأرض التي تعبرها. على مدى آلاف السنين تحفر الوديان وتحمل الرمال والحصى إلى البحر \
                وتبني السهول حيث تفيض. لطالما استقر الناس على ضفافها.

                اليوم تُدار معظم الأنهار الكبيرة. السدود تخزن المياه والحواجز تحمي المدن من الفيضانات.
                """);
        texts.put("Hindi", """
                नदियाँ उस भूमि को आकार देती हैं जिससे होकर वे बहती हैं। हज़ारों वर्षों में वे घाटियाँ काटती हैं और \
                रेत तथा बजरी को समुद्र तक ले जाती हैं। लोग हमेशा नदियों के किनारे बसे हैं।

                आज अधिकांश बड़ी नदियों का प्रबंधन किया जाता है। बाँध पानी जमा करते हैं और तटबंध शहरों को बाढ़ से बचाते हैं।
                """);
        texts.put("Emoji chat", """
                omg the river trip was amazing 🚣‍♀️🌊🌊 we saw otters 🦦🦦 and like 20 herons 🐦🐦🐦!! \
                next time bring snacks 🍫🍪🥨 and sunscreen ☀️😎 lol 😂😂😂 #river #summer 💯🔥
                """);
        texts.put("Mixed", """
                Der Rhein (le Rhin, 莱茵河) fließt 1,230 km → Nordsee 🌊. Stations: Basel, Straßburg, Köln, \
                Rotterdam. ¿Sabías que es navegable desde Basilea? Да, почти вся река судоходна. ✅
                """);
        texts.replaceAll((k, v) -> v.repeat(30));
        texts.put("Unbroken string", "https://example.org/" + "a1b2c3d4e5f6".repeat(1500));
        return texts;
    }

    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : TinyModel.dir();
        try (NomicEmbedder embedder = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build());
                NomicTextSplitter ours = NomicTextSplitter.builder(embedder).build()) {
            TextSplitter spring = TokenTextSplitter.builder().build();
            int window = embedder.info().maxSequenceLength();
            System.out.printf("model %s, window %d tokens (document prompt and special tokens included)%n%n", dir,
                    window);
            System.out.println("| text | characters | TokenTextSplitter chunks | truncated | largest (tokens) "
                    + "| NomicTextSplitter chunks | truncated | largest (tokens) |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            int[] totals = new int[4];
            sample().forEach((name, text) -> {
                int[] theirs = count(embedder, spring.split(new Document(text)), window);
                int[] mine = count(embedder, ours.split(new Document(text)), window);
                System.out.printf("| %s | %,d | %d | %d | %d | %d | %d | %d |%n", name, text.length(), theirs[0],
                        theirs[1], theirs[2], mine[0], mine[1], mine[2]);
                totals[0] += theirs[0];
                totals[1] += theirs[1];
                totals[2] += mine[0];
                totals[3] += mine[1];
            });
            System.out.printf("| **all** | | %d | **%d** | | %d | **%d** | |%n", totals[0], totals[1], totals[2],
                    totals[3]);
        }
    }

    /** Chunks, chunks over the window, and the largest count. */
    private static int[] count(NomicEmbedder embedder, List<Document> chunks, int window) {
        int over = 0;
        int largest = 0;
        for (Document c : chunks) {
            int tokens = embedder.countTokens(c.getText(), EmbeddingTask.DOCUMENT.promptName()).untruncated();
            over += tokens > window ? 1 : 0;
            largest = Math.max(largest, tokens);
        }
        return new int[] {chunks.size(), over, largest};
    }
}
