package dev.eventstream.connect.control.model;

/** Total retry budget of one batch; null inherits the deployment's default. */
public record Retry(Long timeoutMs) { }
