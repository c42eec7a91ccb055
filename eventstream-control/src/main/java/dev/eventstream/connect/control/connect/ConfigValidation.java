package dev.eventstream.connect.control.connect;

import java.util.List;
import java.util.Map;

/** The answer of {@code PUT /connector-plugins/{class}/config/validate}: the errors the plugin reports, per key. */
public record ConfigValidation(int errorCount, Map<String, List<String>> errors) {

    public ConfigValidation {
        errors = Map.copyOf(errors);
    }

    public boolean ok() {
        return errorCount == 0;
    }
}
