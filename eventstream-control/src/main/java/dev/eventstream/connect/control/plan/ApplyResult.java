package dev.eventstream.connect.control.plan;

import java.util.List;
import java.util.Map;

/**
 * What apply did: the topics it created, per connector what was done, and the cluster's validation errors per
 * connector and key when it refused a config (then nothing was changed).
 */
public record ApplyResult(List<String> topicsCreated, List<Outcome> outcomes, Map<String, Map<String, List<String>>> validationErrors) {

    public ApplyResult {
        topicsCreated = List.copyOf(topicsCreated);
        outcomes = List.copyOf(outcomes);
        validationErrors = Map.copyOf(validationErrors);
    }

    /** @param done e.g. "created (PAUSED)", "updated, paused", "deleted", "unchanged" */
    public record Outcome(String connector, String done) { }

    public boolean ok() {
        return validationErrors.isEmpty();
    }
}
