package io.github.nomicembed.modelcache;

/**
 * One file of one revision of a repository: the subject of every request and error message.
 *
 * @param modelId  e.g. {@code nomic-ai/nomic-embed-text-v2-moe}
 * @param revision branch, tag or commit as asked for
 * @param file     path inside the repository
 */
record HubFile(String modelId, String revision, String file) {

    HubFile atCommit(String commit) {
        return new HubFile(modelId, commit, file);
    }

    /** @return e.g. {@code 'model.safetensors' of nomic-ai/nomic-embed-text-v2-moe at revision 'main'} */
    String describe() {
        return "'" + file + "' of " + modelId + " at revision '" + revision + "'";
    }
}
