package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.util.List;
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
 * Tracks the {@link NomicModelState} of the loaded model and ties the application's readiness to it: runs the
 * warm-up forward pass once all singletons exist (in the background if configured), and while the model is
 * not {@link NomicModelState#READY} turns every ACCEPTING_TRAFFIC readiness change (Spring Boot publishes one
 * when startup completes) back into REFUSING_TRAFFIC; publishes ACCEPTING_TRAFFIC itself when a background
 * warm-up finishes after startup.
 */
public class NomicModelLifecycle implements SmartInitializingSingleton, SmartApplicationListener {

    private static final Logger log = LoggerFactory.getLogger(NomicModelLifecycle.class);

    private final NomicEmbedder embedder;
    private final NomicReadinessProperties properties;
    private final ApplicationEventPublisher events;
    private volatile NomicModelState state = NomicModelState.WARMING_UP;
    private volatile String failure;
    private final Object readinessLock = new Object();
    private boolean startupComplete;

    public NomicModelLifecycle(NomicEmbedder embedder, NomicReadinessProperties properties,
            ApplicationEventPublisher events) {
        this.embedder = embedder;
        this.properties = properties;
        this.events = events;
    }

    /** The current state. */
    public NomicModelState state() {
        return state;
    }

    /** Why the model is {@link NomicModelState#FAILED}, else {@code null}. */
    public String failure() {
        return failure;
    }

    @Override
    public void afterSingletonsInstantiated() {
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

    private void warmUpReportingFailure() {
        try {
            warmUp();
        } catch (RuntimeException e) {
            log.error("nomic model is DOWN: {}", e.getMessage(), e);
        }
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
            throw new IllegalStateException("The warm-up forward pass of the nomic model (" + embedder.modelDir()
                    + " on " + embedder.device() + ") failed: " + e.getMessage()
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
