package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Tracks the {@link NomicModelState} of the model and ties the application's readiness to it: waits for a
 * model loading in the background ({@code nomic.embedding.readiness.load-in-background}), runs the warm-up
 * forward pass once all singletons exist and the model is loaded (in the background if configured), and while
 * the model is not {@link NomicModelState#READY} turns every ACCEPTING_TRAFFIC readiness change (Spring Boot
 * publishes one when startup completes) back into REFUSING_TRAFFIC; publishes ACCEPTING_TRAFFIC itself when a
 * background load or warm-up finishes after startup.
 */
public class NomicModelLifecycle implements SmartInitializingSingleton, SmartApplicationListener {

    private static final Logger log = LoggerFactory.getLogger(NomicModelLifecycle.class);

    private final NomicEmbedder embedder;
    private final NomicReadinessProperties properties;
    private final ApplicationEventPublisher events;
    private final NomicEmbeddingProperties embeddingProperties;
    private volatile NomicModelState state = NomicModelState.WARMING_UP;
    private volatile @Nullable String failure;
    private final Object readinessLock = new Object();
    private boolean startupComplete;

    /**
     * @param embeddingProperties checked against a model loaded in the background ({@code default-task} must be
     *     one of its prompts), or {@code null}
     */
    public NomicModelLifecycle(NomicEmbedder embedder, NomicReadinessProperties properties,
            ApplicationEventPublisher events, @Nullable NomicEmbeddingProperties embeddingProperties) {
        this.embedder = embedder;
        this.properties = properties;
        this.events = events;
        this.embeddingProperties = embeddingProperties;
    }

    /** The current state. */
    public NomicModelState state() {
        return state;
    }

    /** Why the model is {@link NomicModelState#FAILED}, else {@code null}. */
    public @Nullable String failure() {
        return failure;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!embedder.isLoaded()) {
            state = NomicModelState.LOADING;
            embedder.whenLoaded().whenComplete((loaded, error) -> afterBackgroundLoad(error));
            return;
        }
        if (!properties.isWarmUp()) {
            state = NomicModelState.READY;
        } else if (properties.isWarmUpInBackground()) {
            Thread thread = new Thread(this::warmUpReportingFailure, "nomic-warm-up");
            thread.setDaemon(true);
            thread.start();
        } else {
            warmUp();
        }
    }

    /** On the loading thread: the load's outcome, then the checks and the warm-up, then readiness. */
    private void afterBackgroundLoad(Throwable error) {
        if (state == NomicModelState.SHUTTING_DOWN) {
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            markFailed("the model failed to load: " + cause.getMessage());
            return;
        }
        try {
            if (embeddingProperties != null) {
                NomicEmbedderLoader.defaultPromptName(embeddingProperties, embedder);
            }
        } catch (RuntimeException e) {
            markFailed("the loaded model does not fit the configuration: " + e.getMessage());
            return;
        }
        if (properties.isWarmUp()) {
            state = NomicModelState.WARMING_UP;
            warmUpReportingFailure();
        } else {
            state = NomicModelState.READY;
            publishReadyIfStarted();
        }
    }

    private void markFailed(String reason) {
        failure = reason;
        state = NomicModelState.FAILED;
        log.error("nomic model is DOWN: {}", reason);
    }

    private void warmUpReportingFailure() {
        try {
            warmUp();
        } catch (RuntimeException e) {
            log.error("nomic model is DOWN: {}", e.getMessage(), e);
        }
        publishReadyIfStarted();
    }

    private void publishReadyIfStarted() {
        synchronized (readinessLock) {
            if (state == NomicModelState.READY && startupComplete) {
                AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
            }
        }
    }

    /** Runs the warm-up pass; on failure records the reason and rethrows. */
    private void warmUp() {
        long t0 = System.nanoTime();
        try {
            embedder.embed(List.of(properties.getWarmUpText()), EmbeddingTask.DOCUMENT);
        } catch (RuntimeException | Error e) {
            failure = "warm-up forward pass failed: " + e;
            state = NomicModelState.FAILED;
            throw new IllegalStateException("The warm-up forward pass of the nomic model (" + embedder.info().modelDir()
                    + " on " + embedder.info().device() + ") failed: " + e.getMessage()
                    + " (set nomic.embedding.readiness.warm-up=false to skip it)", e);
        }
        log.info("nomic model warmed up in {} ms: ready", (System.nanoTime() - t0) / 1_000_000);
        state = NomicModelState.READY;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return AvailabilityChangeEvent.class.isAssignableFrom(eventType)
                || ContextClosedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ContextClosedEvent) {
            state = NomicModelState.SHUTTING_DOWN;
        } else if (event instanceof AvailabilityChangeEvent<?> change
                && change.getState() == ReadinessState.ACCEPTING_TRAFFIC && change.getSource() != this) {
            synchronized (readinessLock) {
                startupComplete = true;
                if (state != NomicModelState.READY) {
                    log.info("nomic model is {}: readiness stays REFUSING_TRAFFIC", state);
                    AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
                }
            }
        }
    }
}
