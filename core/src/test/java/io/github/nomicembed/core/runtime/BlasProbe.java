package io.github.nomicembed.core.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Child-process probe for {@link BlasFastPathProcessTest} (and a manual check): starts the engine with the
 * mode given as the first argument, then prints one {@code key=value} line each for what
 * {@link MklFastPath#inspect} reports, which file defines MKL's vendor check in the global scope, a checksum
 * of a seeded fp32 GEMM and its rate.
 *
 * <pre>{@code java -cp <test classpath> io.github.nomicembed.core.runtime.BlasProbe auto}</pre>
 */
public final class BlasProbe {

    private BlasProbe() {
    }

    public static void main(String[] args) {
        BlasFastPath mode = BlasFastPath.parse(args.length > 0 ? args[0] : "auto");
        Engine engine = PyTorchRuntime.engine(0, mode);
        BlasInfo info = MklFastPath.inspect();
        System.out.println("vendor=" + info.cpuVendor());
        System.out.println("fastPath=" + info.fastPath());
        System.out.println("branch=" + info.mklKernels());
        System.out.println("resolvedFrom=" + MklFastPath.resolvedFrom().orElse("none"));
        int m = 256;
        int k = 768;
        int n = 3072;
        try (NDManager nd = engine.newBaseManager()) {
            NDArray a = nd.create(seeded(m * k, 1), new Shape(m, k));
            NDArray b = nd.create(seeded(k * n, 2), new Shape(k, n));
            float[] c = a.matMul(b).toFloatArray();
            double sum = 0;
            for (float v : c) {
                sum += v;
            }
            System.out.println("checksum=" + sum);
            System.out.println("c0=" + c[0] + "," + c[c.length / 2] + "," + c[c.length - 1]);
            for (int i = 0; i < 5; i++) {
                a.matMul(b).close();
            }
            int reps = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                a.matMul(b).close();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("gflops=%.1f%n", 2.0 * m * k * n * reps / secs / 1e9);
            if (args.length > 1 && args[1].equals("sweep")) {
                for (int rows : new int[] {1024, 16, 4}) {
                    System.out.printf("gflops_M%d=%.1f%n", rows, gflops(nd, rows, k, n));
                }
            }
        }
    }

    /** fp32 GEMM rate of {@code [rows, k] . [k, n]}, median of 5 timed rounds after warm-up. */
    private static double gflops(NDManager nd, int rows, int k, int n) {
        try (NDManager sub = nd.newSubManager()) {
            NDArray a = sub.create(seeded(rows * k, 3), new Shape(rows, k));
            NDArray b = sub.create(seeded(k * n, 4), new Shape(k, n));
            int reps = Math.max(5, (int) (2e10 / (2.0 * rows * k * n)));
            for (int i = 0; i < Math.min(reps, 20); i++) {
                a.matMul(b).close();
            }
            double[] rates = new double[5];
            for (int round = 0; round < rates.length; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    a.matMul(b).close();
                }
                rates[round] = 2.0 * rows * k * n * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
            java.util.Arrays.sort(rates);
            return rates[2];
        }
    }

    private static float[] seeded(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (r.nextDouble() - 0.5);
        }
        return x;
    }
}
