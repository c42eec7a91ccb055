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
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(4);

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
     * Plans against the live worker and applies. A worker still joining its group answers 409 or cannot be reached
     * yet: the whole plan-and-apply is tried again, after 250 ms, then twice as long each time up to 4 s, until
     * {@link #WORKER_READY_TIMEOUT}; then the stack stops with one line saying so.
     */
    static ApplyResult apply(RenderResult rendered, String connectUrl, String bootstrapServers) {
        return apply(rendered, connectUrl, bootstrapServers, RetryWithBackoff.of(FIRST_RETRY_DELAY, MAX_RETRY_DELAY, WORKER_READY_TIMEOUT));
    }

    static ApplyResult apply(RenderResult rendered, String connectUrl, String bootstrapServers, RetryWithBackoff retry) {
        ConnectClient connect = new ConnectClient(ConnectSettings.of(connectUrl));
        try (KafkaTopics topics = KafkaTopics.connect(bootstrapServers, Map.of(), Duration.ofSeconds(30))) {
            ApplyResult result = retry.call("apply the connectors on the Connect worker at " + connectUrl, "see logs/stack.log", () -> {
                Plan plan = new Planner().plan(rendered, connect.connectors(), false);
                return new Applier(connect, topics, event ->
                    log.info("apply {}/{}: {} {}", event.step(), event.steps(), event.connector(), event.what())).apply(plan, rendered);
            }, EndpointConnectors::workerNotReady);
            if (!result.ok()) {
                throw new StackFailure("the worker refused the demo connectors' configs: " + result.validationErrors());
            }
            return result;
        }
    }

    private static boolean workerNotReady(RuntimeException e) {
        boolean notReady = e instanceof ClusterUnreachableException || e instanceof ConnectApiException;
        if (notReady) {
            log.info("Worker not ready for connectors yet ({}); trying again", e.getMessage());
        }
        return notReady;
    }
}
