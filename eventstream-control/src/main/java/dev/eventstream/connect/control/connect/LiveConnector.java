package dev.eventstream.connect.control.connect;

import java.util.Map;

/** A connector as the cluster has it: its stored config (secrets as the references they were written as) and status. */
public record LiveConnector(String name, Map<String, String> config, ConnectorStatus status) {

    public LiveConnector {
        config = Map.copyOf(config);
    }
}
