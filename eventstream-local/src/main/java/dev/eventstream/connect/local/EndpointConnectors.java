package dev.eventstream.connect.local;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ClusterUnreachableException;
import dev.eventstream.connect.control.connect.ConnectApiException;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.ConnectSettings;
import dev.eventstream.connect.control.kafka.KafkaTopics;
import dev.eventstream.connect.control.plan.Applier;
import dev.eventstream.connect.control.plan.ApplyResult;
import dev.eventstream.connect.control.plan.Plan;
import dev.eventstream.connect.control.plan.Planner;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.Renderer;
import dev.eventstream.connect.control.validate.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step where the control plane turns the demo configuration directory into connectors on the worker:
 * validated, rendered, planned and applied by the control-plane library exactly as {@code eventstream apply}
 * does (no second renderer here). Applying is idempotent: on a restart the unchanged connectors stay as they
 * are and resume from their committed offsets.
 */
final class EndpointConnectors {

    private static final Logger log = LoggerFactory.getLogger(EndpointConnectors.class);
    /** How long a worker that has just started may take to join its group and accept connectors. */
    private static final Duration WORKER_READY_TIMEOUT = Duration.ofSeconds(60);

    private EndpointConnectors() {
    }

    /** Validates and renders the directory; a configuration problem is a {@link StackFailure} naming file and key. */
    static RenderResult render(Path configDir) {
        try {
            return new Renderer().render(ControlPlane.load(configDir));
        } catch (ValidationException e) {
            throw new StackFailure("the demo configuration in " + configDir + " does not validate: " + e.getMessage(), e);
        }
    }

    /**
     * Plans against the live worker and applies. A worker still joining its group answers 409 or cannot be
     * reached yet: the whole plan-and-apply is tried again until {@link #WORKER_READY_TIMEOUT}.
     */
    static ApplyResult apply(RenderResult rendered, String connectUrl, String bootstrapServers) {
        ConnectClient connect = new ConnectClient(ConnectSettings.of(connectUrl));
        long deadline = System.nanoTime() + WORKER_READY_TIMEOUT.toNanos();
        try (KafkaTopics topics = KafkaTopics.connect(bootstrapServers, Map.of(), Duration.ofSeconds(30))) {
            while (true) {
                try {
                    Plan plan = new Planner().plan(rendered, connect.connectors(), false);
                    ApplyResult result = new Applier(connect, topics, event ->
                        log.info("apply {}/{}: {} {}", event.step(), event.steps(), event.connector(), event.what())).apply(plan, rendered);
                    if (!result.ok()) {
                        throw new StackFailure("the worker refused the demo connectors' configs: " + result.validationErrors());
                    }
                    return result;
                } catch (ClusterUnreachableException | ConnectApiException e) {
                    if (System.nanoTime() > deadline) {
                        throw new StackFailure("the Connect worker at " + connectUrl + " did not accept the connectors within "
                            + WORKER_READY_TIMEOUT.toSeconds() + " s: " + e.getMessage() + " (see logs/stack.log)", e);
                    }
                    log.info("Worker not ready for connectors yet ({}); trying again", e.getMessage());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailure("interrupted while applying the connectors", e);
        }
    }
}
