package io.github.nomicembed.spark.pgvector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Maps an input id to the {@code uuid} primary key of Spring AI's {@code PgVectorStore} table. A UUID string is
 * used as is; any other id becomes the name-based UUID version 5 of its string form in the RFC 4122 URL
 * namespace, the same as Python's {@code uuid.uuid5(uuid.NAMESPACE_URL, id)}. So a re-run updates the same rows.
 */
public final class DocumentIds {

    /** RFC 4122 namespace for URLs (Appendix C). */
    public static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private DocumentIds() {
    }

    /** The row id for {@code id}. */
    public static UUID toUuid(String id) {
        if (id == null) {
            throw new IllegalArgumentException("id must not be null");
        }
        if (id.length() == 36) {
            try {
                UUID u = UUID.fromString(id);
                if (u.toString().equalsIgnoreCase(id)) {
                    return u;
                }
            } catch (IllegalArgumentException notAUuid) {
                // fall through: name-based
            }
        }
        return nameBased(NAMESPACE_URL, id);
    }

    /** UUID version 5 (SHA-1) of {@code name} in {@code namespace}. */
    static UUID nameBased(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer ns = ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits());
            sha1.update(ns.array());
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
            h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
