package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.ConnectorStatus;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restart", description = "Restart the endpoints' connectors and tasks; with --failed only those that failed.")
final class RestartCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--failed", description = "Only failed connectors and tasks (the others keep running undisturbed).")
    boolean failedOnly;

    @Parameters(arity = "0..1", paramLabel = "TENANT[/ENDPOINT]", description = "Only this tenant's, or this endpoint's, connector.")
    String selector;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EndpointSelector selected = EndpointSelector.parse(selector);
        ControlPlane plane = common.load();
        ConnectClient connect = cluster.connect(plane);
        List<String> restarted = new ArrayList<>();
        for (RenderedConnector connector : selected.select(new Renderer().render(plane).connectors())) {
            Optional<ConnectorStatus> status = connect.status(connector.name());
            boolean failed = status.map(s -> s.failed() || s.anyTaskFailed()).orElse(false);
            if (status.isPresent() && (failed || !failedOnly)) {
                connect.restart(connector.name(), failedOnly);
                restarted.add(connector.name());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, Map.of("restarted", restarted));
        } else {
            out.println(restarted.isEmpty() ? "Nothing to restart." : "Restarted: " + String.join(", ", restarted));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
