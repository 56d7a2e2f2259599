package io.github.nomicembed.modelcache;

import java.net.URI;
import java.net.http.HttpHeaders;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

/** Turns HTTP error statuses into retryable {@link TransientHttpException}s or explanatory {@link ModelCacheException}s. */
final class HubErrors {

    private HubErrors() {
    }

    /**
     * @param fromEndpoint whether the response came from the configured endpoint (not a CDN)
     * @param tokenSent    whether the request carried the token
     * @throws TransientHttpException for statuses worth retrying
     * @throws ModelCacheException    for the others
     */
    static void check(int status, HttpHeaders headers, URI uri, HubFile f, URI endpoint, boolean fromEndpoint,
            boolean tokenSent) throws TransientHttpException {
        if (status >= 200 && status < 300) {
            return;
        }
        String server = uri.getScheme() + "://" + uri.getAuthority();
        String detail = serverMessage(headers);
        if (status == 408 || status == 429 || status >= 500) {
            throw new TransientHttpException(status, "HTTP " + status + " from " + server + " for " + f.describe()
                    + detail);
        }
        if (status == 403 && !fromEndpoint) {
            // an expired or refused pre-signed CDN link: the next attempt asks the Hub for a fresh one
            throw new TransientHttpException(status, "HTTP 403 from download host " + server + " for " + f.describe());
        }
        if (status == 401 || status == 403) {
            throw new ModelCacheException(Reason.AUTHENTICATION, authMessage(status, server, f, endpoint, tokenSent)
                    + detail);
        }
        if (status == 404) {
            throw notFound(f, headers, server);
        }
        throw new ModelCacheException(Reason.PROTOCOL, "Unexpected HTTP " + status + " from " + server + " for "
                + f.describe() + detail + ". Is " + endpoint + " a Hugging Face Hub or a mirror of it?");
    }

    static ModelCacheException notFound(HubFile f, HttpHeaders headers, String server) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String what;
        switch (code) {
            case "RepoNotFound":
                what = "Repository " + f.modelId() + " not found";
                break;
            case "RevisionNotFound":
                what = "Revision '" + f.revision() + "' not found in " + f.modelId();
                break;
            default:
                what = "File " + f.describe() + " not found";
        }
        return new ModelCacheException(Reason.NOT_FOUND, what + " (HTTP 404 from " + server + ")"
                + serverMessage(headers) + ". Check the model id (nomic.embedding.model-id), the revision "
                + "(nomic.embedding.revision: a branch, tag or 40-character commit id) and that the repository "
                + "contains '" + f.file() + "'.");
    }

    private static String authMessage(int status, String server, HubFile f, URI endpoint, boolean tokenSent) {
        String head = "HTTP " + status + (status == 401 ? " Unauthorized" : " Forbidden") + " from " + server
                + " for " + f.describe() + ". ";
        String why = status == 401
                ? "The repository is private or gated, or does not exist. "
                : "Access is denied: if the model is gated, accept its conditions at " + endpoint + "/" + f.modelId()
                        + " with the account that owns the token. ";
        String token = tokenSent
                ? "The access token that was sent (from HF_TOKEN or the token property) was rejected or lacks read "
                        + "access to this repository."
                : "No access token was sent: set the HF_TOKEN environment variable (or the token property) to a "
                        + "Hugging Face access token with read access.";
        return head + why + token;
    }

    private static String serverMessage(HttpHeaders headers) {
        return headers.firstValue("X-Error-Message")
                .map(m -> m.replaceAll("[\\r\\n\\t]+", " ").strip())
                .filter(m -> !m.isEmpty())
                .map(m -> " (server says: " + (m.length() > 200 ? m.substring(0, 200) + "..." : m) + ")")
                .orElse("");
    }
}
