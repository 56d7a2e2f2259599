package io.github.nomicembed.sample.model;

import io.github.nomicembed.autoconfigure.NomicModelUnavailableException;
import io.github.nomicembed.autoconfigure.NomicModelUnavailableFailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * The starter's short report for a model that cannot be found or fetched, with one more way out: the sample
 * app's offline demo. Ordered before the starter's analyzer, so this one reports.
 */
public class ModelUnavailableFailureAnalyzer extends NomicModelUnavailableFailureAnalyzer implements Ordered {

    @Override
    protected String action(NomicModelUnavailableException cause) {
        return super.action(cause) + """

                  - or run the sample app's offline demo (tiny random-weight model shipped in the app; its vectors \
                are meaningless, for smoke tests only): --spring.profiles.active=offline-demo
                See docs/sample-app.md.""";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
