package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of every command: where the configuration is, and text or JSON output. */
final class CommonOptions {

    enum Format { text, json }

    @Option(names = {"-d", "--config-dir"}, defaultValue = "connector-configs", paramLabel = "DIR",
        description = "The configuration directory: deployment.json, service-teams-topics/, endpoints/ "
            + "(default: ${DEFAULT-VALUE}; env EVENTSTREAM_CONFIG_DIR).")
    Path configDir;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
        description = "text or json (default: ${DEFAULT-VALUE}; env EVENTSTREAM_OUTPUT).")
    Format output;

    boolean json() {
        return output == Format.json;
    }

    ControlPlane load() {
        return ControlPlane.load(configDir);
    }
}
