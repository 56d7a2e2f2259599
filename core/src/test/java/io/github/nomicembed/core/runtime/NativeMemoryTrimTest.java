package io.github.nomicembed.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * glibc's malloc_trim is found on Linux, can be switched off, is safe to call at any time, and after a pass trims
 * only once anonymous resident memory has grown by the threshold.
 */
class NativeMemoryTrimTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void trimIsAvailableOnLinuxAndCanBeCalledRepeatedly() {
        NativeMemory memory = NativeMemory.detect(true, NativeMemory.DEFAULT_TRIM_THRESHOLD);
        assertThat(memory.enabled()).isTrue();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[1 << 16];
        }
        memory.trim();
        memory.trim();
        assertThat(garbage[63]).hasSize(1 << 16);
    }

    @Test
    void switchedOffItNeverTrims() {
        NativeMemory memory = NativeMemory.detect(false, 0);
        assertThat(memory.enabled()).isFalse();
        assertThat(memory.trimIfGrown()).isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aZeroThresholdTrimsAfterEveryPass() {
        NativeMemory memory = NativeMemory.detect(true, 0);
        assertThat(memory.trimIfGrown()).isTrue();
        assertThat(memory.trimIfGrown()).isTrue();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void itTrimsOnlyAfterAnonymousMemoryGrewByTheThreshold() {
        NativeMemory memory = NativeMemory.detect(true, 64L << 20);
        memory.trim();
        assertThat(memory.trimIfGrown()).as("nothing grew").isFalse();
        // malloc'd and zeroed by the JDK: 96 MB more anonymous resident memory, as a large pass's activations
        java.nio.ByteBuffer grown = java.nio.ByteBuffer.allocateDirect(96 << 20);
        for (int i = 0; i < grown.capacity(); i += 4096) {
            grown.put(i, (byte) 1);
        }
        long anon = NativeMemory.anonResident();
        assertThat(anon).isPositive();
        assertThat(memory.trimIfGrown()).as("grew by more than 64 MB").isTrue();
        assertThat(memory.trimIfGrown()).as("measured again from the trim").isFalse();
        assertThat(grown.get(grown.capacity() - 4096)).isEqualTo((byte) 1);
    }

    @Test
    void aNegativeThresholdIsRefused() {
        assertThatThrownBy(() -> NativeMemory.detect(true, -1)).hasMessageContaining(">= 0");
    }
}
