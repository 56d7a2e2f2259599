package io.github.nomicembed.core.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Generators of hostile variants of a valid input: byte-level damage and structural JSON damage. */
public final class Mutate {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Mutate() {
    }

    /** {@code seed} with one to four byte-level changes: flips, interesting bytes, cuts, repeats, inserts. */
    public static byte[] bytes(byte[] seed, Random r) {
        byte[] out = seed.clone();
        int changes = 1 + r.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int pos = out.length == 0 ? 0 : r.nextInt(out.length);
            switch (r.nextInt(7)) {
                case 0 -> {
                    if (out.length > 0) {
                        out[pos] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> {
                    if (out.length > 0) {
                        out[pos] = (byte) new int[] {0, 0xff, 0x7f, 0x80, '"', '{', '[', '\\', 0xc3, 0xe2}[r.nextInt(10)];
                    }
                }
                case 2 -> out = Arrays.copyOf(out, pos);
                case 3 -> {
                    int len = Math.min(out.length - pos, 1 + r.nextInt(64));
                    byte[] grown = new byte[out.length + len];
                    System.arraycopy(out, 0, grown, 0, pos + len);
                    System.arraycopy(out, pos, grown, pos + len, out.length - pos);
                    out = grown;
                }
                case 4 -> {
                    int len = Math.min(out.length - pos, 1 + r.nextInt(64));
                    byte[] shrunk = new byte[out.length - len];
                    System.arraycopy(out, 0, shrunk, 0, pos);
                    System.arraycopy(out, pos + len, shrunk, pos, out.length - pos - len);
                    out = shrunk;
                }
                case 5 -> {
                    byte[] noise = new byte[1 + r.nextInt(16)];
                    r.nextBytes(noise);
                    byte[] grown = new byte[out.length + noise.length];
                    System.arraycopy(out, 0, grown, 0, pos);
                    System.arraycopy(noise, 0, grown, pos, noise.length);
                    System.arraycopy(out, pos, grown, pos + noise.length, out.length - pos);
                    out = grown;
                }
                default -> {
                    if (out.length > 1) {
                        int other = r.nextInt(out.length);
                        byte t = out[pos];
                        out[pos] = out[other];
                        out[other] = t;
                    }
                }
            }
        }
        return out;
    }

    /** A deep copy of {@code seed} with one to three values replaced, removed, added or re-typed. */
    public static JsonNode json(JsonNode seed, Random r) {
        JsonNode out = seed.deepCopy();
        int changes = 1 + r.nextInt(3);
        for (int c = 0; c < changes; c++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(out, containers);
            JsonNode target = containers.get(r.nextInt(containers.size()));
            if (target instanceof ObjectNode object) {
                List<String> names = new ArrayList<>(object.propertyNames());
                int op = r.nextInt(4);
                if (names.isEmpty() || op == 0) {
                    object.set(names.isEmpty() || r.nextBoolean() ? hostileString(r) : names.get(0) + "_",
                            hostile(r));
                } else if (op == 1) {
                    object.remove(names.get(r.nextInt(names.size())));
                } else {
                    object.set(names.get(r.nextInt(names.size())), hostile(r));
                }
            } else if (target instanceof ArrayNode array) {
                int op = r.nextInt(4);
                if (array.isEmpty() || op == 0) {
                    array.add(hostile(r));
                } else if (op == 1) {
                    array.remove(r.nextInt(array.size()));
                } else if (op == 2) {
                    array.set(r.nextInt(array.size()), hostile(r));
                } else {
                    array.add(array.get(r.nextInt(array.size())).deepCopy());
                }
            }
        }
        return out;
    }

    /** Either structural damage to {@code seed} (3 in 4) or byte damage to its text (1 in 4), as bytes. */
    public static byte[] jsonFile(JsonNode seed, Random r) {
        if (r.nextInt(4) == 0) {
            return bytes(JSON.writeValueAsBytes(seed), r);
        }
        return JSON.writeValueAsBytes(json(seed, r));
    }

    /** A value that breaks assumptions: extremes, wrong types, empty and deep structures, odd strings. */
    public static JsonNode hostile(Random r) {
        return switch (r.nextInt(22)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(0);
            case 3 -> NODES.numberNode(-1);
            case 4 -> NODES.numberNode(1);
            case 5 -> NODES.numberNode(Integer.MAX_VALUE);
            case 6 -> NODES.numberNode(Integer.MIN_VALUE);
            case 7 -> NODES.numberNode(Long.MAX_VALUE);
            case 8 -> NODES.numberNode(Long.MIN_VALUE);
            case 9 -> NODES.numberNode(new BigInteger("1" + "0".repeat(30)));
            case 10 -> NODES.numberNode(1e308);
            case 11 -> NODES.numberNode(-1e-308);
            case 12 -> NODES.numberNode(0.5);
            case 13 -> NODES.numberNode(1 << (10 + r.nextInt(21)));
            case 14 -> NODES.numberNode(r.nextInt(4096) - 64);
            case 15 -> NODES.objectNode();
            case 16 -> NODES.arrayNode();
            case 17 -> deep(r.nextInt(300));
            case 18 -> NODES.stringNode("x".repeat(r.nextInt(5) == 0 ? 100_000 : r.nextInt(20)));
            case 19 -> NODES.stringNode(String.valueOf(r.nextInt(100)));
            case 20 -> NODES.arrayNode().add(NODES.numberNode(r.nextInt(10))).add(NODES.numberNode(-r.nextInt(10)));
            default -> NODES.stringNode(hostileString(r));
        };
    }

    /** Strings that tend to matter: empty, blanks, path tricks, control and non-BMP characters, lone surrogates. */
    public static String hostileString(Random r) {
        String[] pool = {"", " ", "\u0000", "../../etc/passwd", "..", "/", "\\", "%2e%2e%2f", "\uD83D\uDE00", "\uD800",
            "\u202E", "a\nb", "F32", "F16", "BF16", "I64", "BOOL", "__metadata__", "null", "NaN", "-0", "1e400",
            "search_query: ", "{}", "\"", "<s>", "</s>", "<unk>", "\t", "\r\n"};
        return pool[r.nextInt(pool.length)];
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.arrayNode();
        for (int i = 0; i < depth; i++) {
            node = NODES.arrayNode().add(node);
        }
        return node;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainer()) {
            out.add(node);
            for (JsonNode child : node) {
                collect(child, out);
            }
        }
    }
}
