package dev.eventstream.connect.common;

/**
 * A value that knows its own retained heap size, so that a sink's buffer can bound itself by heap without
 * walking (and so materializing) the value.
 */
public interface HeapSized {

    /** The bytes of heap this value keeps reachable, its own object headers and arrays included. */
    long heapBytes();
}
