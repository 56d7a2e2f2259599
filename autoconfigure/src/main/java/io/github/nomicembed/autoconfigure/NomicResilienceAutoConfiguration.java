package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Puts a Resilience4j bulkhead and circuit breaker, both named {@code nomic}, and optionally a time limiter
 * {@code nomic}, in front of the auto-configured {@code NomicEmbeddingModel} ({@link Resilience4jEmbeddingGuard}).
 * Active when resilience4j-bulkhead, resilience4j-circuitbreaker and resilience4j-timelimiter are on the
 * classpath (the starter brings them) and {@code nomic.embedding.resilience.enabled} is not {@code false}; the
 * time limiter is on when {@code resilience4j.timelimiter.instances.nomic} or
 * {@code nomic.embedding.resilience.timeout-duration} is set.
 *
 * <p>With resilience4j-spring-boot4 present its registries are used, so the instances are configured by
 * {@code resilience4j.bulkhead.instances.nomic.*}, {@code resilience4j.circuitbreaker.instances.nomic.*} and
 * {@code resilience4j.timelimiter.instances.nomic.*} and appear in its health contributors, endpoints and
 * metrics; an instance not configured there gets the defaults of {@link NomicResilienceProperties}. Without it,
 * private registries with those defaults are used. This auto-configuration exposes no registry bean, so
 * Resilience4j's own never back off.
 */
@AutoConfiguration(after = NomicEmbeddingAutoConfiguration.class, afterName = {
        "io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration",
        "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration"})
@ConditionalOnClass({Bulkhead.class, CircuitBreaker.class, TimeLimiter.class})
@ConditionalOnBean(NomicEmbedder.class)
@ConditionalOnProperty(prefix = NomicResilienceProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(NomicResilienceProperties.class)
public class NomicResilienceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(EmbeddingCallGuard.class)
    public Resilience4jEmbeddingGuard nomicEmbeddingGuard(NomicResilienceProperties properties,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<TimeLimiterRegistry> timeLimiters) {
        BulkheadConfig bulkheadDefaults = BulkheadConfig.custom()
                .maxConcurrentCalls(properties.getMaxConcurrentCalls())
                .maxWaitDuration(properties.getMaxWaitDuration())
                .build();
        CircuitBreakerConfig circuitBreakerDefaults = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.getSlidingWindowSize())
                .minimumNumberOfCalls(properties.getMinimumNumberOfCalls())
                .failureRateThreshold(properties.getFailureRateThreshold())
                .waitDurationInOpenState(properties.getWaitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        BulkheadRegistry bulkheadRegistry = bulkheads.getIfAvailable(BulkheadRegistry::ofDefaults);
        CircuitBreakerRegistry circuitBreakerRegistry = circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults);
        String name = Resilience4jEmbeddingGuard.INSTANCE;
        // an instance configured under resilience4j.*.instances.nomic already exists: keep it as configured
        Bulkhead bulkhead = bulkheadRegistry.find(name)
                .orElseGet(() -> bulkheadRegistry.bulkhead(name, bulkheadDefaults));
        CircuitBreaker circuitBreaker = circuitBreakerRegistry.find(name)
                .orElseGet(() -> circuitBreakerRegistry.circuitBreaker(name, circuitBreakerDefaults));
        TimeLimiter timeLimiter = timeLimiter(properties.getTimeoutDuration(),
                timeLimiters.getIfAvailable(TimeLimiterRegistry::ofDefaults));
        return new Resilience4jEmbeddingGuard(bulkhead, circuitBreaker, timeLimiter);
    }

    /**
     * The time limiter {@code nomic} configured under {@code resilience4j.timelimiter.instances.nomic} (already in
     * the registry), else one with {@code timeout} ({@code nomic.embedding.resilience.timeout-duration}), else
     * {@code null}: no time limit of its own.
     */
    private static TimeLimiter timeLimiter(Duration timeout, TimeLimiterRegistry registry) {
        String name = Resilience4jEmbeddingGuard.INSTANCE;
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw NomicEmbedderLoader.invalid("resilience.timeout-duration", timeout,
                    "allowed: a positive duration (e.g. 30s), or unset for no time limiter");
        }
        return registry.find(name).orElseGet(() -> timeout == null ? null : registry.timeLimiter(name,
                TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build()));
    }
}
