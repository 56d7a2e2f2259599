package io.github.nomicembed.core.weights;

import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A validated safetensors file whose tensors are memory-mapped read-only on demand.
 *
 * <p>The header is checked completely before any tensor is touched: its length, that it is a JSON
 * object, every dtype, that {@code shape × dtype size} equals the byte range, that every range lies
 * inside the file and that no two ranges overlap. Any violation is a {@link ModelConfigException} naming
 * the file and the tensor.
 *
 * <pre>{@code
 * SafetensorsFile st = SafetensorsFile.open(Path.of("model.safetensors"));
 * ByteBuffer w = st.map("emb_ln.weight");   // little-endian, read-only, zero-copy
 * }</pre>
 */
public final class SafetensorsFile {

    /** Headers above this size are refused (the real 148-tensor header is about 15 KB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Path file;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(Path file, long dataStart, Map<String, TensorInfo> tensors) {
        this.file = file;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    /** Reads and validates the header of {@code file}. */
    public static SafetensorsFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelConfigException(file, "file not found (a model directory needs model.safetensors)");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelConfigException(file, "is " + size + " bytes long, too short for a safetensors header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw new ModelConfigException(file, "header length " + headerLen
                        + " is invalid for a file of " + size + " bytes (not a safetensors file, or truncated)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            long dataStart = 8 + headerLen;
            Map<String, TensorInfo> tensors = parseHeader(file, new String(header.array(), StandardCharsets.UTF_8),
                    size - dataStart);
            return new SafetensorsFile(file, dataStart, tensors);
        } catch (IOException e) {
            throw new ModelConfigException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path file, String json, long dataSize) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(json);
        } catch (JacksonException e) {
            throw new ModelConfigException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelConfigException(file, "header is not a JSON object");
        }
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if ("__metadata__".equals(e.getKey())) {
                continue;
            }
            out.put(e.getKey(), parseEntry(file, e.getKey(), e.getValue(), dataSize));
        }
        checkNoOverlap(file, out.values());
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseEntry(Path file, String name, JsonNode n, long dataSize) {
        String where = "tensor '" + name + "'";
        if (!n.isObject()) {
            throw new ModelConfigException(file, where + ": header entry is not an object");
        }
        JsonNode dt = n.get("dtype");
        SafetensorsDtype dtype = dt != null && dt.isString() ? SafetensorsDtype.parse(dt.asString()) : null;
        if (dtype == null) {
            throw new ModelConfigException(file, where + ": unknown dtype " + dt);
        }
        JsonNode shapeNode = n.get("shape");
        JsonNode offs = n.get("data_offsets");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new ModelConfigException(file, where + ": 'shape' missing or not an array");
        }
        if (offs == null || !offs.isArray() || offs.size() != 2) {
            throw new ModelConfigException(file, where + ": 'data_offsets' must be [begin, end]");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            // canConvertToLong first: Jackson 3 throws from asLong() on integers beyond 64 bits
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                throw new ModelConfigException(file, where + ": invalid dimension " + d + " in shape " + shapeNode);
            }
            shape[i] = d.asLong();
        }
        JsonNode b = offs.get(0);
        JsonNode en = offs.get(1);
        if (!b.isIntegralNumber() || !en.isIntegralNumber() || !b.canConvertToLong() || !en.canConvertToLong()
                || b.asLong() < 0 || en.asLong() < b.asLong()) {
            throw new ModelConfigException(file, where + ": invalid data_offsets " + offs);
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, b.asLong(), en.asLong());
        long expected;
        try {
            expected = Math.multiplyExact(info.elementCount(), dtype.bytes());
        } catch (ArithmeticException ex) {
            throw new ModelConfigException(file, where + ": shape " + info.shapeString() + " overflows");
        }
        if (expected != info.byteLength()) {
            throw new ModelConfigException(file, where + ": shape " + info.shapeString() + " x " + dtype
                    + " needs " + expected + " bytes but data_offsets span " + info.byteLength());
        }
        if (info.end() > dataSize) {
            throw new ModelConfigException(file, where + ": data ends at byte " + info.end()
                    + " of the data section, but the file holds only " + dataSize + " data bytes (truncated file?)");
        }
        return info;
    }

    private static void checkNoOverlap(Path file, Iterable<TensorInfo> infos) {
        List<TensorInfo> sorted = new ArrayList<>();
        infos.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo prev = sorted.get(i - 1);
            TensorInfo cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw new ModelConfigException(file, "tensors '" + prev.name() + "' and '" + cur.name()
                        + "' overlap (bytes " + prev.begin() + "-" + prev.end() + " and " + cur.begin() + "-" + cur.end() + ")");
            }
        }
    }

    /** The file this header was read from. */
    public Path file() {
        return file;
    }

    /** All tensors, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * Maps one tensor read-only. The returned buffer is little-endian and stays valid as long as it is
     * reachable, independent of this object.
     */
    public ByteBuffer map(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new ModelConfigException(file, "tensor '" + name + "' is not in the file");
        }
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new ModelConfigException(file, "tensor '" + name + "' is larger than 2 GiB, which cannot be mapped");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength());
            return buf.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new ModelConfigException(file, "cannot map tensor '" + name + "': " + e.getMessage(), e);
        }
    }
}
