package io.github.nomicembed.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The MKL fast path in fresh JVMs (it is process-wide and must come before libtorch): with {@code on} the
 * process resolves MKL's vendor check to our library, with {@code off} to libtorch's own; on a non-Intel CPU
 * MKL then dispatches to a higher kernel branch, on Intel to the same; a GEMM gives the same numbers.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class BlasFastPathProcessTest {

    private static Map<String, String> on;
    private static Map<String, String> off;
    private static Map<String, String> auto;

    @BeforeAll
    static void probe() throws Exception {
        on = run("on");
        off = run("off");
        auto = run("auto");
    }

    @Test
    void onMakesTheProcessResolveMklsVendorCheckToOurLibrary() {
        assertThat(on.get("fastPath")).isEqualTo("true");
        assertThat(on.get("resolvedFrom")).contains("nomic-mkl-fastpath");
    }

    @Test
    void offLeavesMklsOwnVendorCheckInPlace() {
        assertThat(off.get("fastPath")).isEqualTo("false");
        assertThat(off.get("resolvedFrom")).doesNotContain("nomic-mkl-fastpath");
    }

    @Test
    void onRaisesMklsKernelBranchExactlyWhenTheCpuIsNotIntels() {
        int branchOn = Integer.parseInt(on.get("branch"));
        int branchOff = Integer.parseInt(off.get("branch"));
        assertThat(branchOff).isGreaterThanOrEqualTo(0);
        if ("GenuineIntel".equals(off.get("vendor"))) {
            assertThat(branchOn).isEqualTo(branchOff);
        } else {
            assertThat(branchOn).isGreaterThan(branchOff);
        }
    }

    @Test
    void autoIsOnForNonIntelCpusAndOffForIntel() {
        boolean intel = "GenuineIntel".equals(auto.get("vendor"));
        assertThat(auto.get("fastPath")).isEqualTo(Boolean.toString(!intel));
    }

    @Test
    void bothPathsComputeTheSameProduct() {
        double a = Double.parseDouble(on.get("checksum"));
        double b = Double.parseDouble(off.get("checksum"));
        assertThat(a).isCloseTo(b, org.assertj.core.data.Offset.offset(1e-6 * 256 * 3072));
        String[] ca = on.get("c0").split(",");
        String[] cb = off.get("c0").split(",");
        for (int i = 0; i < ca.length; i++) {
            assertThat(Float.parseFloat(ca[i])).isCloseTo(Float.parseFloat(cb[i]),
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private static Map<String, String> run(String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                BlasProbe.class.getName(), mode)).redirectErrorStream(true);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(p.exitValue()).as("probe exit code, output:\n" + out).isZero();
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("[")) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return values;
    }
}
