package io.github.nomicembed.sample;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole app like {@code java -jar} would (random port), for tests that restart it. */
public final class AppRunner {

    private AppRunner() {
    }

    /** Starts the app with these profiles and {@code key=value} properties on a random port. */
    public static ConfigurableApplicationContext start(String profiles, String... properties) {
        String[] args = new String[properties.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--spring.profiles.active=" + profiles;
        for (int i = 0; i < properties.length; i++) {
            args[i + 2] = "--" + properties[i];
        }
        return new SpringApplicationBuilder(SampleApplication.class).run(args);
    }

    /** A client for the running app. */
    public static Http http(ConfigurableApplicationContext context) {
        return new Http("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }
}
