package io.github.nomicembed.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.PendingRequest.Piece;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the queue cuts passes around small requests (at most 24 tokens here). */
class RequestQueueTest {

    final RequestQueue queue = new RequestQueue(64, 4096, 24, EmbedderListener.NONE);

    static PendingRequest request(int... lengths) {
        List<Tokenized> texts = new ArrayList<>();
        for (int n : lengths) {
            texts.add(new Tokenized(new long[n], false));
        }
        return new PendingRequest(texts, System.nanoTime());
    }

    @Test
    void aPassOfSmallRequestsOnlyIsNotCutEvenWhenItIsLong() {
        for (int i = 0; i < 8; i++) {
            queue.add(request(16));
        }
        List<Piece> pass = queue.takeNext();

        assertThat(pass).hasSize(8);
        assertThat(pass.stream().mapToInt(p -> p.text().length()).sum()).isGreaterThan(24);
        assertThat(queue.yieldsTo(pass)).isFalse();
    }

    @Test
    void aPassWithALargeRequestsTextsLetsSmallOnesRunInside() {
        queue.add(request(100, 100));
        List<Piece> pass = queue.takeNext();

        assertThat(queue.yieldsTo(pass)).isTrue();
    }

    @Test
    void waitingSmallRequestsGoFirstButNeverTwiceInARow() {
        queue.add(request(100, 100));
        queue.add(request(10));
        queue.add(request(12));

        List<Piece> first = queue.takeNext();
        queue.add(request(9));
        List<Piece> second = queue.takeNext();

        assertThat(first).extracting(p -> p.text().length()).containsExactly(10, 12);
        assertThat(second).extracting(p -> p.text().length()).as("the large request's pass, the new query left out")
                .containsExactly(100, 100);
        assertThat(queue.smallWaiting()).isEqualTo(1);
        assertThat(queue.takeSmall()).extracting(p -> p.text().length()).containsExactly(9);
        assertThat(queue.texts()).isZero();
        assertThat(queue.tokens()).isZero();
    }
}
