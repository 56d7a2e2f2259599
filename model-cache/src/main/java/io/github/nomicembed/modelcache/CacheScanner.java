package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lists the models of a hub cache (also those downloaded by Python tools), without any network access. */
public final class CacheScanner {

    private final CacheLayout layout;

    public CacheScanner(Path cacheDir) {
        this.layout = new CacheLayout(cacheDir);
    }

    /** @return the cached models, sorted by id; empty if the cache directory does not exist */
    public List<CachedModel> scan() throws IOException {
        if (!Files.isDirectory(layout.root())) {
            return List.of();
        }
        List<CachedModel> models = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(layout.root())) {
            for (Path dir : dirs.sorted().collect(Collectors.toList())) {
                Optional<String> modelId = CacheLayout.modelIdOf(dir.getFileName().toString());
                if (modelId.isPresent() && Files.isDirectory(dir)) {
                    models.add(scan(modelId.get()));
                }
            }
        }
        return models;
    }

    /** @return the model if its directory exists */
    public Optional<CachedModel> find(String modelId) throws IOException {
        return Files.isDirectory(layout.repoDir(modelId)) ? Optional.of(scan(modelId)) : Optional.empty();
    }

    private CachedModel scan(String modelId) throws IOException {
        Map<String, String> refs = readRefs(modelId);
        List<CachedModel.Snapshot> snapshots = new ArrayList<>();
        Path snapshotsDir = layout.snapshotsDir(modelId);
        if (Files.isDirectory(snapshotsDir)) {
            try (Stream<Path> commits = Files.list(snapshotsDir)) {
                for (Path commitDir : commits.sorted().collect(Collectors.toList())) {
                    String commit = commitDir.getFileName().toString();
                    List<String> names = refs.entrySet().stream().filter(e -> e.getValue().equals(commit))
                            .map(Map.Entry::getKey).collect(Collectors.toList());
                    long[] stats = fileStats(commitDir);
                    snapshots.add(new CachedModel.Snapshot(commit, names, (int) stats[0], stats[1]));
                }
            }
        }
        long blobBytes = 0;
        long incompleteBytes = 0;
        Path blobs = layout.blobsDir(modelId);
        if (Files.isDirectory(blobs)) {
            try (Stream<Path> files = Files.list(blobs)) {
                for (Path blob : files.collect(Collectors.toList())) {
                    String name = blob.getFileName().toString();
                    if (name.endsWith(".incomplete")) {
                        incompleteBytes += Files.size(blob);
                    } else if (!name.endsWith(".lock") && Files.isRegularFile(blob)) {
                        blobBytes += Files.size(blob);
                    }
                }
            }
        }
        return new CachedModel(modelId, layout.repoDir(modelId), refs, snapshots, blobBytes, incompleteBytes);
    }

    private Map<String, String> readRefs(String modelId) throws IOException {
        Map<String, String> refs = new TreeMap<>();
        Path refsDir = layout.refsDir(modelId);
        if (!Files.isDirectory(refsDir)) {
            return refs;
        }
        try (Stream<Path> files = Files.walk(refsDir)) {
            for (Path ref : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String name = refsDir.relativize(ref).toString().replace(ref.getFileSystem().getSeparator(), "/");
                refs.put(name, Files.readString(ref).strip());
            }
        }
        return refs;
    }

    /** @return {count, bytes} of the regular files (following links) under {@code dir} */
    private static long[] fileStats(Path dir) throws IOException {
        long[] stats = new long[2];
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                stats[0]++;
                stats[1] += Files.size(file);
            }
        }
        return stats;
    }
}
