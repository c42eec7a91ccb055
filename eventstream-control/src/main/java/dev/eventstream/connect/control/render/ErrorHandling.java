package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.Deployment;

/**
 * Bad records go to the connector's DLQ with the reason in context headers; the task goes on. The DLQ producer
 * ({@code producer.override.*} applies to it: a sink connector has no other Connect producer) takes records as large
 * as the deployment's {@code maxRecordBytes}: with Connect's default of 1 MiB a larger bad record is lost.
 */
final class ErrorHandling {

    private ErrorHandling() {
    }

    /**
     * {@code waitOnRetriable}: the connector has a step that reports a passing outage as a {@code RetriableException}
     * ({@code InPrimaryRegion} on a stale map, {@code AvroConverter} with a registry that does not answer): Connect
     * then retries the record until the outage ends instead of dead-lettering it (docs/decisions.md §10).
     */
    static void render(String dlqTopic, Deployment deployment, boolean waitOnRetriable, ConfigBuilder config) {
        config.put("errors.tolerance", "all")
            .put("errors.retry.timeout", waitOnRetriable ? "-1" : null)
            .put("errors.deadletterqueue.topic.name", dlqTopic)
            .put("errors.deadletterqueue.topic.replication.factor", Renderer.replication(deployment))
            .put("errors.deadletterqueue.context.headers.enable", "true")
            .put("producer.override.max.request.size", deployment.recordWriteBytes());
    }
}
