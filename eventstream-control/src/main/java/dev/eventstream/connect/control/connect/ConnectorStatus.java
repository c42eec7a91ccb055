package dev.eventstream.connect.control.connect;

import java.util.List;

/** {@code GET /connectors/{name}/status}: the connector's and each task's state, with the trace of a failure. */
public record ConnectorStatus(String name, String state, String workerId, String trace, List<TaskStatus> tasks) {

    public ConnectorStatus {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    public record TaskStatus(int id, String state, String workerId, String trace) {
        public boolean failed() {
            return "FAILED".equals(state);
        }
    }

    public boolean failed() {
        return "FAILED".equals(state);
    }

    public boolean anyTaskFailed() {
        return tasks.stream().anyMatch(TaskStatus::failed);
    }
}
