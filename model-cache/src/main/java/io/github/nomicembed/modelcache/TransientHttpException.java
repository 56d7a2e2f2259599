package io.github.nomicembed.modelcache;

import java.io.IOException;

/** An HTTP status worth retrying (408, 429, 5xx, or a rejected CDN link): an {@link IOException} like the rest. */
final class TransientHttpException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    TransientHttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
