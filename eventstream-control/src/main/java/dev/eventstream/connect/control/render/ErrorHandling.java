package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.Deployment;

/** Bad records go to the connector's DLQ with the reason in context headers; the task goes on. */
final class ErrorHandling {

    private ErrorHandling() {
    }

    static void render(String dlqTopic, Deployment deployment, ConfigBuilder config) {
        config.put("errors.tolerance", "all")
            .put("errors.deadletterqueue.topic.name", dlqTopic)
            .put("errors.deadletterqueue.topic.replication.factor", Renderer.replication(deployment))
            .put("errors.deadletterqueue.context.headers.enable", "true");
    }
}
