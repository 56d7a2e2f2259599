package io.github.nomicembed.core.runtime;

import java.util.Locale;

/**
 * Where the model should run: {@code auto} (CUDA device 0 when the loaded libtorch has CUDA and a GPU is
 * visible, else CPU), {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}.
 *
 * @param kind auto, cpu or cuda
 * @param index CUDA device index (0 unless {@code cuda:N})
 */
public record DeviceSpec(Kind kind, int index) {

    /** Device kinds. */
    public enum Kind { AUTO, CPU, CUDA }

    /** {@code auto}. */
    public static final DeviceSpec AUTO = new DeviceSpec(Kind.AUTO, 0);
    /** {@code cpu}. */
    public static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, 0);

    /** Parses {@code auto|cpu|cuda|cuda:N} (case-insensitive; {@code gpu} is accepted for {@code cuda}). */
    public static DeviceSpec parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return AUTO;
        }
        if (v.equals("cpu")) {
            return CPU;
        }
        if (v.equals("cuda") || v.equals("gpu")) {
            return new DeviceSpec(Kind.CUDA, 0);
        }
        if (v.startsWith("cuda:") || v.startsWith("gpu:")) {
            String n = v.substring(v.indexOf(':') + 1);
            try {
                int idx = Integer.parseInt(n);
                if (idx >= 0) {
                    return new DeviceSpec(Kind.CUDA, idx);
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Unknown device '" + value + "'; allowed: auto, cpu, cuda, cuda:N (N >= 0)");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case CUDA -> "cuda:" + index;
        };
    }
}
