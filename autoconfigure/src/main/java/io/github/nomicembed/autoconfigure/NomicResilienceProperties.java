package io.github.nomicembed.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Backpressure and failure isolation of the nomic {@code EmbeddingModel}, under
 * {@code nomic.embedding.resilience}. The Resilience4j instances are named {@code nomic}; when
 * {@code resilience4j.bulkhead.instances.nomic.*} or {@code resilience4j.circuitbreaker.instances.nomic.*}
 * are set (with resilience4j-spring-boot4 on the classpath) those win over the defaults below.
 */
@ConfigurationProperties(prefix = NomicResilienceProperties.PREFIX)
public class NomicResilienceProperties {

    /** Property prefix. */
    public static final String PREFIX = "nomic.embedding.resilience";

    /** Whether calls pass the bulkhead and circuit breaker named nomic (needs resilience4j on the classpath). */
    private boolean enabled = true;

    /** Default of the bulkhead: calls admitted into the model at once (queued or running). */
    private int maxConcurrentCalls = 64;

    /** Default of the bulkhead: how long a call over max-concurrent-calls waits for a permit; 0 refuses at once. */
    private Duration maxWaitDuration = Duration.ZERO;

    /** Default of the circuit breaker: last calls looked at (count-based window). */
    private int slidingWindowSize = 10;

    /** Default of the circuit breaker: calls needed in the window before the failure rate counts. */
    private int minimumNumberOfCalls = 5;

    /** Default of the circuit breaker: failure percentage (runtime/device failures only) that opens it. */
    private float failureRateThreshold = 50;

    /** Default of the circuit breaker: how long it stays open before letting trial calls through. */
    private Duration waitDurationInOpenState = Duration.ofSeconds(30);

    /**
     * Default of the time limiter: how long a call may wait for its vectors (queue wait and forward passes)
     * before it is refused (EmbeddingRejectedException TIMED_OUT, HTTP 503) and its queued texts are dropped.
     * Unset: no time limiter unless resilience4j.timelimiter.instances.nomic is configured; then
     * nomic.embedding.scheduler.request-timeout is the only limit.
     */
    private @Nullable Duration timeoutDuration;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getMaxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public void setMaxConcurrentCalls(int maxConcurrentCalls) {
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    public Duration getMaxWaitDuration() {
        return maxWaitDuration;
    }

    public void setMaxWaitDuration(Duration maxWaitDuration) {
        this.maxWaitDuration = maxWaitDuration;
    }

    public int getSlidingWindowSize() {
        return slidingWindowSize;
    }

    public void setSlidingWindowSize(int slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    public int getMinimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
        this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    public float getFailureRateThreshold() {
        return failureRateThreshold;
    }

    public void setFailureRateThreshold(float failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public Duration getWaitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
        this.waitDurationInOpenState = waitDurationInOpenState;
    }

    public @Nullable Duration getTimeoutDuration() {
        return timeoutDuration;
    }

    public void setTimeoutDuration(@Nullable Duration timeoutDuration) {
        this.timeoutDuration = timeoutDuration;
    }
}
