package io.github.nomicembed.sample.security;

import io.github.nomicembed.sample.AppProperties;
import io.github.nomicembed.sample.web.ApiException;
import io.github.nomicembed.sample.web.ErrorWriter;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. Deny by default: with a key configured, every request needs
 * {@code Authorization: Bearer <key>} except the Kubernetes probes ({@code <actuator>/health/liveness} and
 * {@code /readiness}) and, only with {@code app.security.public-page=true}, the search page's static files and
 * {@code GET /api/info}. A route added later is protected without any change here. Without a key the server is
 * open, and says so once at startup.
 *
 * <p>Stateless (no session, no cookies, so no CSRF token to check); every refusal is answered in OpenAI's error
 * shape by {@link ErrorWriter}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The search page's files ({@code src/main/resources/static}) and the model facts it shows. */
    static final String[] PAGE = {"/", "/index.html", "/app.js", "/app.css", "/favicon.ico", "/api/info"};

    @Bean
    ApiKeys apiKeys(AppProperties properties) {
        return ApiKeys.of(properties);
    }

    @Bean
    ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys keys) {
        return new ApiKeyAuthenticationProvider(keys);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AppProperties properties, ApiKeys keys,
            ApiKeyAuthenticationProvider provider, ErrorWriter errorWriter, WebEndpointProperties actuator)
            throws Exception {
        OpenAiAuthenticationEntryPoint entryPoint = new OpenAiAuthenticationEntryPoint(errorWriter);
        http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, denied) -> errorWriter.write(response,
                                new ApiException(HttpStatus.FORBIDDEN, "This API key may not call "
                                        + request.getRequestURI() + ".", null, "forbidden"))));
        if (!keys.required()) {
            log.warn("No API key is configured (app.api-key / app.api-keys): every route of this server, the "
                    + "embedding API, the vector store and all actuator endpoints, is open to anyone who can "
                    + "reach it. Set a key before exposing it.");
            return http.addFilterBefore(new OpenAccessFilter(SecurityContextHolder.getContextHolderStrategy()),
                            AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .build();
        }
        AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(provider), new BearerKeyConverter());
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(entryPoint));
        bearer.setSuccessHandler((request, response, authentication) -> { });
        String health = actuator.getBasePath() + "/health";
        boolean publicPage = properties.security().publicPage();
        return http.addFilterAt(bearer, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> {
                    // the error page of a request already let through (or refused) by this chain
                    a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    a.requestMatchers(HttpMethod.GET, health + "/liveness", health + "/readiness").permitAll();
                    if (publicPage) {
                        a.requestMatchers(HttpMethod.GET, PAGE).permitAll();
                    }
                    a.anyRequest().authenticated();
                })
                .build();
    }
}
