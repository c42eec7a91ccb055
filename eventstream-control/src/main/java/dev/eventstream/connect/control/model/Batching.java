package dev.eventstream.connect.control.model;

/** Batch limits of an HTTPS endpoint; null fields inherit the deployment's defaults. */
public record Batching(Integer maxRecords, Integer lingerMs) { }
