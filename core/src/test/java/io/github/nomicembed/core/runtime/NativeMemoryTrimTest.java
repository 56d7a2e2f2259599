package io.github.nomicembed.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** glibc's malloc_trim is found on Linux, can be switched off, and trimming is safe to call at any time. */
class NativeMemoryTrimTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void trimIsAvailableOnLinuxAndCanBeCalledRepeatedly() {
        NativeMemory memory = NativeMemory.detect();
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
    void theSystemPropertySwitchesTrimmingOff() {
        String before = System.getProperty("nomic.embedding.malloc-trim");
        System.setProperty("nomic.embedding.malloc-trim", "false");
        try {
            assertThat(NativeMemory.detect().enabled()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("nomic.embedding.malloc-trim");
            } else {
                System.setProperty("nomic.embedding.malloc-trim", before);
            }
        }
    }
}
