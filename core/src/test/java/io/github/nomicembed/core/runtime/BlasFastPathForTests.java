package io.github.nomicembed.core.runtime;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs core's whole test JVM with the MKL fast path on (before any test loads libtorch), so the parity,
 * layer, batch-invariance and scheduler tests check the fast path's numbers on every CPU; on an Intel CPU
 * it changes nothing. {@code -Dnomic.test.blas-fast-path=off} runs them on MKL's own choice instead.
 */
public final class BlasFastPathForTests implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        MklFastPath.prepare(BlasFastPath.parse(System.getProperty("nomic.test.blas-fast-path", "on")));
    }
}
