package io.github.nomicembed.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Node, the npm packages of {@code src/test/node} and Chromium, for the tests that use them. When one is
 * missing the test is skipped with the reason, except in CI ({@code CI} set, as {@code .ci/run} runs), where
 * it fails: CI cannot go green without running them.
 */
public final class ExternalTools {

    /** The Node project with the scripts and their {@code package.json} (working directory: the module). */
    public static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    private ExternalTools() {
    }

    /** Whether this is a CI run ({@code CI} set and not {@code false}). */
    public static boolean ci() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Skips (locally) or fails (in CI) unless node and the npm packages are installed. */
    public static void requireNodePackages(String... packages) {
        require(nodeVersion() != null, "node is not on the PATH");
        for (String p : packages) {
            require(Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(p)), "npm package " + p
                    + " is not installed; run: npm ci --prefix " + NODE_DIR);
        }
    }

    /** The Chromium executable ({@code CHROMIUM_PATH}, else {@code /usr/bin/chromium}); skips or fails without it. */
    public static Path requireChromium() {
        String configured = System.getenv("CHROMIUM_PATH");
        Path chromium = Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
        require(Files.isExecutable(chromium), "Chromium not found at " + chromium
                + "; install it (Debian: apt-get install chromium) or set CHROMIUM_PATH");
        return chromium;
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            if (ci()) {
                Assertions.fail("CI=" + System.getenv("CI") + " but " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Runs {@code node <script> <args...>} in {@link #NODE_DIR}, asserts it exits 0 within the timeout, and
     * parses the last line of its standard output as JSON.
     */
    public static JsonNode runNodeScript(long timeoutSeconds, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        try {
            Path stdoutFile = Files.createTempFile("node-", ".out");
            Path stderrFile = Files.createTempFile("node-", ".err");
            Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                    .redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile()).start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String stdout = Files.readString(stdoutFile);
            String errors = Files.readString(stderrFile);
            Files.deleteIfExists(stdoutFile);
            Files.deleteIfExists(stderrFile);
            assertThat(finished).as("node %s finished within %ss; stderr:%n%s", script, timeoutSeconds, errors).isTrue();
            assertThat(process.exitValue()).as("exit code of node %s; stderr:%n%s%nstdout:%n%s", script, errors, stdout)
                    .isZero();
            String[] lines = stdout.strip().split("\n");
            return JsonMapper.shared().readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
