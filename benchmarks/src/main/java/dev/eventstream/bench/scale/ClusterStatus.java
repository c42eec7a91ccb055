package dev.eventstream.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code GET /connectors?expand=status} answer, reduced to what the scale benchmark waits for: how many
 * connectors and tasks run, and how many tasks each worker runs. Also how long the call took.
 */
record ClusterStatus(int connectors, int runningConnectors, int tasks, int runningTasks, int failed,
                     Map<String, Integer> runningTasksByWorker, long latencyNanos) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static ClusterStatus fetch(URI worker) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(worker.resolve("/connectors?expand=status"))
            .timeout(Duration.ofSeconds(90)).header("Accept", "application/json").GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long latency = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IOException("GET /connectors?expand=status answered " + response.statusCode() + ": " + new String(response.body()));
        }
        int connectors = 0;
        int runningConnectors = 0;
        int tasks = 0;
        int runningTasks = 0;
        int failed = 0;
        Map<String, Integer> byWorker = new TreeMap<>();
        for (JsonNode entry : JSON.readTree(response.body())) {
            JsonNode status = entry.path("status");
            connectors++;
            String state = status.path("connector").path("state").asText();
            runningConnectors += "RUNNING".equals(state) ? 1 : 0;
            failed += "FAILED".equals(state) ? 1 : 0;
            for (JsonNode task : status.path("tasks")) {
                tasks++;
                String taskState = task.path("state").asText();
                failed += "FAILED".equals(taskState) ? 1 : 0;
                if ("RUNNING".equals(taskState)) {
                    runningTasks++;
                    byWorker.merge(task.path("worker_id").asText(), 1, Integer::sum);
                }
            }
        }
        return new ClusterStatus(connectors, runningConnectors, tasks, runningTasks, failed, byWorker, latency);
    }

    /** All {@code expected} connectors and their {@code expected} tasks (1 each) run. */
    boolean allRunning(int expected) {
        return connectors == expected && runningConnectors == expected && tasks == expected && runningTasks == expected;
    }

    /** Tasks running on the worker whose id ends with {@code :port}. */
    int runningOn(int port) {
        return runningTasksByWorker.entrySet().stream().filter(e -> e.getKey().endsWith(":" + port)).mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public String toString() {
        return String.format("%d/%d connectors and %d/%d tasks RUNNING, %d FAILED, tasks by worker %s", runningConnectors, connectors,
            runningTasks, tasks, failed, runningTasksByWorker);
    }
}
