package io.github.nomicembed.modelcache;

import java.util.List;

/**
 * Result of {@link CacheVerifier#verify}.
 *
 * @param modelId the model
 * @param files   one entry per snapshot file checked
 */
public record VerificationReport(String modelId, List<FileCheck> files) {

    public VerificationReport {
        files = List.copyOf(files);
    }

    /** @return whether no file is corrupt or missing (unchecked files do not count as failures) */
    public boolean ok() {
        return files.stream().noneMatch(f -> f.status() == Status.CORRUPT || f.status() == Status.MISSING);
    }

    /** Outcome for one file. */
    public enum Status {
        /** Content matches the checksum its blob is named after. */
        OK,
        /** Content does not match: delete the blob and prefetch again. */
        CORRUPT,
        /** The snapshot entry points to a blob that does not exist. */
        MISSING,
        /** No checksum to compare with (a copied file, or a blob not named by a hash). */
        UNCHECKED
    }

    /**
     * @param commit the snapshot
     * @param file   path inside the snapshot
     * @param status outcome
     * @param detail explanation (checksums, blob path)
     */
    public record FileCheck(String commit, String file, Status status, String detail) {
    }
}
