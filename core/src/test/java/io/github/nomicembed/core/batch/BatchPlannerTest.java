package io.github.nomicembed.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    @Test
    void everyIndexIsPlannedExactlyOnce() {
        int[] lengths = new Random(3).ints(200, 3, 513).toArray();
        List<int[]> plan = new BatchPlanner(16, 4096).plan(lengths);
        int[] all = plan.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(all).containsExactly(java.util.stream.IntStream.range(0, 200).toArray());
    }

    @Test
    void batchesRespectCountAndRealTokenBudget() {
        int[] lengths = new Random(5).ints(300, 3, 513).toArray();
        for (int[] batch : new BatchPlanner(8, 2048).plan(lengths)) {
            int tokens = Arrays.stream(batch).map(i -> lengths[i]).sum();
            assertThat(batch.length).isLessThanOrEqualTo(8);
            if (batch.length > 1) {
                assertThat(tokens).isLessThanOrEqualTo(2048);
            }
        }
    }

    @Test
    void textsAreGroupedByLengthToLimitPadding() {
        int[] lengths = {500, 10, 490, 12, 11, 505};
        List<int[]> plan = new BatchPlanner(3, 100_000).plan(lengths);
        assertThat(plan).hasSize(2);
        assertThat(plan.get(0)).containsExactly(1, 4, 3);
        assertThat(plan.get(1)).containsExactly(2, 0, 5);
    }

    @Test
    void aTextLongerThanTheBudgetRunsAlone() {
        List<int[]> plan = new BatchPlanner(32, 100).plan(new int[] {300, 5, 5});
        assertThat(plan).hasSize(2);
        assertThat(plan.get(1)).containsExactly(0);
    }

    @Test
    void invalidLimitsAreRejected() {
        assertThatThrownBy(() -> new BatchPlanner(0, 10)).hasMessageContaining("batchSize must be >= 1");
        assertThatThrownBy(() -> new BatchPlanner(1, 0)).hasMessageContaining("maxBatchTokens must be >= 1");
    }
}
