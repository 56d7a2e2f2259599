package io.github.nomicembed.core.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a standard safetensors file (u64 little-endian header length, JSON header padded with spaces to
 * 8 bytes, tensors back to back in the given order). Tensor bytes are streamed in chunks, so files larger
 * than the heap (a full-size random checkpoint for benchmarks) can be produced.
 *
 * <pre>{@code
 * SafetensorsWriter.write(path, List.of(
 *     new SafetensorsWriter.Tensor("emb_ln.weight", SafetensorsDtype.F32, new long[] {768},
 *         SafetensorsWriter.Content.of(bytes))));
 * }</pre>
 */
public final class SafetensorsWriter {

    private static final int CHUNK = 16 * 1024 * 1024;

    private SafetensorsWriter() {
    }

    /** Fills tensor bytes in order, one chunk at a time. */
    @FunctionalInterface
    public interface Content {
        /** Fills {@code chunk} (little-endian) completely; called until the tensor's bytes are written. */
        void fill(ByteBuffer chunk);

        /** Content copied from {@code bytes} (position to limit). */
        static Content of(ByteBuffer bytes) {
            ByteBuffer src = bytes.duplicate();
            return chunk -> {
                ByteBuffer slice = src.slice();
                slice.limit(chunk.remaining());
                chunk.put(slice);
                src.position(src.position() + slice.limit());
            };
        }
    }

    /**
     * One tensor to write.
     *
     * @param name tensor name
     * @param dtype element type
     * @param shape dimensions
     * @param content its bytes
     */
    public record Tensor(String name, SafetensorsDtype dtype, long[] shape, Content content) {

        long byteLength() {
            long n = dtype.bytes();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** Writes {@code tensors} to {@code file} with {@code {"format": "pt"}} metadata. */
    public static void write(Path file, List<Tensor> tensors) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode header = mapper.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Tensor t : tensors) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype().name());
            var shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long len = t.byteLength();
            e.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] json = mapper.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, head.flip());
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                long left = t.byteLength();
                while (left > 0) {
                    int n = (int) Math.min(CHUNK, left);
                    chunk.clear().limit(n);
                    t.content().fill(chunk);
                    if (chunk.hasRemaining()) {
                        throw new IllegalStateException("content of '" + t.name() + "' left " + chunk.remaining()
                                + " bytes unfilled");
                    }
                    writeFully(ch, chunk.flip());
                    left -= n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Copies all tensors of {@code source}, replacing those named in {@code replacements}. */
    public static void rewrite(SafetensorsFile source, Path target, Map<String, Tensor> replacements) {
        List<Tensor> out = source.tensors().values().stream()
                .map(i -> replacements.containsKey(i.name()) ? replacements.get(i.name())
                        : new Tensor(i.name(), i.dtype(), i.shape(), Content.of(source.map(i.name()))))
                .toList();
        write(target, out);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
