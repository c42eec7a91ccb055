package dev.eventstream.connect.control.model;

import java.util.List;

/** Field paths that are dropped, masked or hashed before any customer sees a record. */
public record PiiRules(List<String> drop, List<String> mask, List<String> hash) {

    public static final PiiRules NONE = new PiiRules(List.of(), List.of(), List.of());

    public PiiRules {
        drop = drop == null ? List.of() : List.copyOf(drop);
        mask = mask == null ? List.of() : List.copyOf(mask);
        hash = hash == null ? List.of() : List.copyOf(hash);
    }
}
