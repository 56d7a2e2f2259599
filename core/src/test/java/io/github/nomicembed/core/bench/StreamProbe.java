package io.github.nomicembed.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import io.github.nomicembed.core.runtime.BlasFastPath;
import io.github.nomicembed.core.runtime.MklFastPath;
import io.github.nomicembed.core.runtime.MklPackedGemm;
import io.github.nomicembed.core.runtime.PackedMatrix;

/**
 * How fast small-M products stream a weight matrix that is not in cache, against plain read bandwidth,
 * for the two layouts the model has ({@code x·Wᵀ} with W {@code [F,H]}, and {@code a·W} with W {@code [F,H]}),
 * with 1 and 2 intra-op threads, through libtorch and through MKL's packed GEMM ({@link MklPackedGemm}), on the
 * BLAS path the engine would take ({@code -Dnomic.blas=auto|on|off}). Args: rows (M) list.
 */
public final class StreamProbe {
    public static void main(String[] args) {
        MklFastPath.prepare(BlasFastPath.parse(System.getProperty("nomic.blas", "auto")));
        ai.djl.engine.Engine.getEngine("PyTorch");
        System.out.println(MklFastPath.inspect().summary());
        MklPackedGemm gemm = MklPackedGemm.find().orElseThrow(() -> new IllegalStateException("no MKL in libtorch"));
        int count = 48; // 48 x 9.4 MB: far out of cache
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray[] w = new NDArray[count];
            for (int i = 0; i < count; i++) {
                w[i] = m.randomUniform(-1, 1, new Shape(3072, 768));
            }
            PackedMatrix[] p = new PackedMatrix[count];
            for (int i = 0; i < count; i++) {
                p[i] = gemm.packTransposed(w[i]);
            }
            double mb = 3072 * 768 * 4 / 1e6;
            for (int threads : new int[] {2, 1}) {
                JniUtils.setNumThreads(threads);
                long a = System.nanoTime();
                for (int r = 0; r < 3; r++) {
                    for (NDArray x : w) {
                        x.sum().close();
                    }
                }
                double bw = 3 * count * mb / 1e3 / ((System.nanoTime() - a) / 1e9);
                System.out.printf("threads %d: sum read %.1f GB/s%n", threads, bw);
                for (String ms : (args.length > 0 ? args[0] : "1,4,16,64,256").split(",")) {
                    int rows = Integer.parseInt(ms);
                    try (NDManager rq = m.newSubManager()) {
                        NDArray x = rq.randomUniform(-1, 1, new Shape(rows, 768));
                        NDArray y = rq.randomUniform(-1, 1, new Shape(rows, 3072));
                        for (NDArray wi : w) {
                            Linear.linear(x, wi).close();
                        }
                        long t = System.nanoTime();
                        for (int r = 0; r < 3; r++) {
                            for (NDArray wi : w) {
                                Linear.linear(x, wi).close();
                            }
                        }
                        double lin = 3 * count * mb / 1e3 / ((System.nanoTime() - t) / 1e9);
                        t = System.nanoTime();
                        for (int r = 0; r < 3; r++) {
                            for (NDArray wi : w) {
                                y.matMul(wi).close();
                            }
                        }
                        double mm = 3 * count * mb / 1e3 / ((System.nanoTime() - t) / 1e9);
                        t = System.nanoTime();
                        for (int r = 0; r < 3; r++) {
                            for (PackedMatrix pi : p) {
                                gemm.multiply(x, pi).close();
                            }
                        }
                        double pk = 3 * count * mb / 1e3 / ((System.nanoTime() - t) / 1e9);
                        System.out.printf("  M=%4d  x.W^T (w1, fc) %.1f GB/s   a.W (w2) %.1f GB/s   packed x.W^T %.1f GB/s%n",
                                rows, lin, mm, pk);
                    }
                }
            }
            for (PackedMatrix pi : p) {
                pi.close();
            }
        }
    }
}
