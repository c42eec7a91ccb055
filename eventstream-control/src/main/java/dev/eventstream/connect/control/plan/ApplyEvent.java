package dev.eventstream.connect.control.plan;

/** Progress of an apply, one event per step, for a progress line. */
public record ApplyEvent(int step, int steps, String connector, String what) { }
