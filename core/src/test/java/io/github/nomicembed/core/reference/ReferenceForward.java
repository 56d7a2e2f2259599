package io.github.nomicembed.core.reference;

import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.weights.ExpectedTensors;
import io.github.nomicembed.core.weights.SafetensorsFile;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately plain, double-precision Java implementation of the NomicBERT-MoE forward pass, written
 * from the architecture notes and independent of DJL. Tests compare the DJL implementation to it on
 * random checkpoints of shapes other than the golden fixture's. Slow; only for tiny models.
 */
public final class ReferenceForward {

    private final NomicBertConfig c;
    private final SafetensorsFile file;
    private final Map<String, double[]> cache = new HashMap<>();

    public ReferenceForward(NomicBertConfig config, SafetensorsFile file) {
        this.c = config;
        this.file = file;
    }

    private double[] w(String name) {
        return cache.computeIfAbsent(name, n -> {
            FloatBuffer f = file.map(n).asFloatBuffer();
            double[] out = new double[f.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.get(i);
            }
            return out;
        });
    }

    /** Mean-pooled (not normalised) last hidden state of one unpadded sequence. */
    public double[] pooled(long[] ids) {
        int s = ids.length;
        int h = c.hiddenSize();
        double[][] x = new double[s][h];
        double[] emb = w("embeddings.word_embeddings.weight");
        double[] tt = c.typeVocabSize() > 0 ? w("embeddings.token_type_embeddings.weight") : new double[h];
        for (int t = 0; t < s; t++) {
            for (int j = 0; j < h; j++) {
                x[t][j] = emb[(int) ids[t] * h + j] + tt[j];
            }
        }
        x = layerNorm(x, "emb_ln");
        for (int l = 0; l < c.numLayers(); l++) {
            String p = ExpectedTensors.layerPrefix(l);
            double[][] a = attention(x, p);
            double[][] h1 = layerNorm(add(a, x), p + "norm1");
            double[][] f = c.isMoeLayer(l) ? moe(h1, p) : dense(h1, p);
            x = layerNorm(add(f, h1), p + "norm2");
        }
        double[] pooled = new double[h];
        for (double[] row : x) {
            for (int j = 0; j < h; j++) {
                pooled[j] += row[j] / s;
            }
        }
        return pooled;
    }

    private double[][] attention(double[][] x, String p) {
        int s = x.length;
        int h = c.hiddenSize();
        int heads = c.numHeads();
        int d = c.headDim();
        double[][] qkv = linear(x, w(p + "attn.Wqkv.weight"), c.qkvBias() ? w(p + "attn.Wqkv.bias") : null, 3 * h);
        double[][] ctx = new double[s][h];
        for (int hd = 0; hd < heads; hd++) {
            double[][] q = new double[s][];
            double[][] k = new double[s][];
            for (int t = 0; t < s; t++) {
                q[t] = rotary(slice(qkv[t], hd * d, d), t);
                k[t] = rotary(slice(qkv[t], h + hd * d, d), t);
            }
            for (int i = 0; i < s; i++) {
                double[] sc = new double[s];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s; j++) {
                    double dot = 0;
                    for (int e = 0; e < d; e++) {
                        dot += q[i][e] * k[j][e];
                    }
                    sc[j] = dot / Math.sqrt(d);
                    max = Math.max(max, sc[j]);
                }
                double sum = 0;
                for (int j = 0; j < s; j++) {
                    sc[j] = Math.exp(sc[j] - max);
                    sum += sc[j];
                }
                for (int j = 0; j < s; j++) {
                    for (int e = 0; e < d; e++) {
                        ctx[i][hd * d + e] += sc[j] / sum * qkv[j][2 * h + hd * d + e];
                    }
                }
            }
        }
        return linear(ctx, w(p + "attn.out_proj.weight"), c.qkvBias() ? w(p + "attn.out_proj.bias") : null, h);
    }

    private double[] rotary(double[] v, int pos) {
        int rd = c.rotaryDim();
        int half = rd / 2;
        double[] out = v.clone();
        for (int j = 0; j < half; j++) {
            double invFreq = 1.0 / Math.pow(c.rotaryBase(), (2.0 * j) / rd);
            double cos = Math.cos(pos * invFreq);
            double sin = Math.sin(pos * invFreq);
            out[j] = v[j] * cos - v[j + half] * sin;
            out[j + half] = v[j + half] * cos + v[j] * sin;
        }
        return out;
    }

    private double[][] dense(double[][] x, String p) {
        int f = c.intermediateSize();
        double[][] a = linear(x, w(p + "mlp.fc1.weight"), c.fc1Bias() ? w(p + "mlp.fc1.bias") : null, f);
        for (double[] row : a) {
            for (int j = 0; j < f; j++) {
                row[j] = gelu(row[j]);
            }
        }
        return linear(a, w(p + "mlp.fc2.weight"), c.fc2Bias() ? w(p + "mlp.fc2.bias") : null, c.hiddenSize());
    }

    private double[][] moe(double[][] x, String p) {
        int h = c.hiddenSize();
        int f = c.intermediateSize();
        int e = c.numExperts();
        double[] router = w(p + "mlp.router.layer.weight");
        double[] w1 = w(p + "mlp.experts.mlp.w1");
        double[] w2 = w(p + "mlp.experts.mlp.w2");
        double[] bias = w(p + "mlp.experts.bias");
        double[][] out = new double[x.length][h];
        for (int t = 0; t < x.length; t++) {
            double[] logits = linear(new double[][] {x[t]}, router, null, e)[0];
            double max = Double.NEGATIVE_INFINITY;
            for (double l : logits) {
                max = Math.max(max, l);
            }
            double sum = 0;
            double[] prob = new double[e];
            for (int i = 0; i < e; i++) {
                prob[i] = Math.exp(logits[i] - max);
                sum += prob[i];
            }
            boolean[] used = new boolean[e];
            for (int k = 0; k < c.topK(); k++) {
                int best = -1;
                for (int i = 0; i < e; i++) {
                    if (!used[i] && (best < 0 || prob[i] > prob[best])) {
                        best = i;
                    }
                }
                used[best] = true;
                double weight = prob[best] / sum;
                double[] act = new double[f];
                for (int r = 0; r < f; r++) {
                    double dot = 0;
                    int row = (best * f + r) * h;
                    for (int j = 0; j < h; j++) {
                        dot += x[t][j] * w1[row + j];
                    }
                    act[r] = gelu(dot);
                }
                for (int r = 0; r < f; r++) {
                    int row = (best * f + r) * h;
                    for (int j = 0; j < h; j++) {
                        out[t][j] += weight * act[r] * w2[row + j];
                    }
                }
            }
            for (int j = 0; j < h; j++) {
                out[t][j] += bias[j];
            }
        }
        return out;
    }

    private double[][] layerNorm(double[][] x, String p) {
        double[] g = w(p + ".weight");
        double[] b = w(p + ".bias");
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= x[t].length;
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[t].length;
            out[t] = new double[x[t].length];
            for (int j = 0; j < x[t].length; j++) {
                out[t][j] = (x[t][j] - mean) / Math.sqrt(var + c.layerNormEps()) * g[j] + b[j];
            }
        }
        return out;
    }

    private static double[][] linear(double[][] x, double[] w, double[] b, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double dot = b == null ? 0 : b[o];
                for (int j = 0; j < in; j++) {
                    dot += x[t][j] * w[o * in + j];
                }
                y[t][o] = dot;
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int j = 0; j < a[t].length; j++) {
                out[t][j] = a[t][j] + b[t][j];
            }
        }
        return out;
    }

    private static double[] slice(double[] v, int from, int len) {
        double[] out = new double[len];
        System.arraycopy(v, from, out, 0, len);
        return out;
    }

    /** Exact GELU, {@code 0.5·x·(1 + erf(x/√2))}. */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series (|z| &lt; 4, error well below 1e-9), ±1 beyond (erfc(4) = 1.5e-8). */
    static double erf(double z) {
        if (Math.abs(z) >= 4) {
            return Math.signum(z);
        }
        double term = z;
        double sum = z;
        for (int n = 1; n < 200; n++) {
            term *= -z * z / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
