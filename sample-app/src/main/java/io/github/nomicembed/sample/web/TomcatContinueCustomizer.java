package io.github.nomicembed.sample.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Answers {@code Expect: 100-continue} only when the application starts reading the body: a request whose
 * declared size is over {@code app.max-request-size} gets its 413 before the client sends the body (curl,
 * and most HTTP clients for large bodies, send the header). Tomcat's default answers 100 at once.
 */
@Component
public class TomcatContinueCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }
}
