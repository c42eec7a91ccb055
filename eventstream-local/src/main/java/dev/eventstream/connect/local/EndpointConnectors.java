package dev.eventstream.connect.local;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.Renderer;
import dev.eventstream.connect.control.validate.ValidationException;
import java.nio.file.Path;

/**
 * The step where the control plane turns the demo configuration directory into connectors on the worker:
 * validated and rendered by the control-plane library exactly as {@code eventstream apply} does (no second
 * renderer here).
 */
final class EndpointConnectors {

    private EndpointConnectors() {
    }

    /** Validates and renders the directory; a configuration problem is a {@link StackFailure} naming file and key. */
    static RenderResult render(Path configDir) {
        try {
            return new Renderer().render(ControlPlane.load(configDir));
        } catch (ValidationException e) {
            throw new StackFailure("the demo configuration in " + configDir + " does not validate: " + e.getMessage(), e);
        }
    }
}
