package dev.eventstream.connect.control.model;

import java.util.Locale;

/** The target state of a connector, as {@code "state"} in endpoint.json; Connect writes it in upper case. */
public enum ConnectorState {
    running, paused, stopped;

    /** RUNNING, PAUSED or STOPPED: Connect's spelling (status, {@code initial_state}). */
    public String connectName() {
        return name().toUpperCase(Locale.ROOT);
    }

    /** The target state a Connect status names, or null for FAILED, UNASSIGNED and unknown states. */
    public static ConnectorState fromConnect(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "RUNNING" -> running;
            case "PAUSED" -> paused;
            case "STOPPED" -> stopped;
            default -> null;
        };
    }
}
