package io.github.nomicembed.spark.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {

    @Test
    void nonUuidIdsBecomePythonCompatibleUuid5s() {
        // expected values from Python: uuid.uuid5(uuid.NAMESPACE_URL, id)
        assertThat(DocumentIds.toUuid("doc-1")).hasToString("3f622591-baa6-5888-8a4f-6b3813e16a44");
        assertThat(DocumentIds.toUuid("42")).hasToString("5c2b23de-4bad-58ee-a4b3-f22f3b9cfd7d");
        assertThat(DocumentIds.toUuid("ünïcode/id?")).hasToString("5053893f-91f8-5adb-8759-a65729d0fdc4");
        assertThat(DocumentIds.toUuid("doc-1").version()).isEqualTo(5);
    }

    @Test
    void uuidIdsAreKept() {
        UUID u = UUID.randomUUID();
        assertThat(DocumentIds.toUuid(u.toString())).isEqualTo(u);
        // not canonical: treated as a name, so it is still deterministic
        assertThat(DocumentIds.toUuid("1-1-1-1-1")).isEqualTo(DocumentIds.toUuid("1-1-1-1-1")).isNotEqualTo(u);
    }
}
