package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.LiveConnector;
import dev.eventstream.connect.control.render.RenderedConnector;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete an endpoint's connector (es-<tenant>-<endpoint>) from the cluster. "
    + "Remove its file too, or the next apply creates it again.")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "TENANT/ENDPOINT", description = "The endpoint, e.g. acme/crm.")
    String endpoint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EndpointSelector selected = EndpointSelector.parse(endpoint);
        if (selected.endpoint() == null) {
            throw new CliException(ExitCodes.INVALID, "delete takes TENANT/ENDPOINT, e.g. acme/crm");
        }
        String name = "es-" + selected.tenant() + "-" + selected.endpoint();
        ControlPlane plane = common.load();
        ConnectClient connect = cluster.connect(plane);
        LiveConnector live = connect.connectors().get(name);
        if (live == null) {
            throw new CliException(ExitCodes.FAILED, "No connector " + name + " on " + connect.url());
        }
        if (!live.config().containsKey(RenderedConnector.DIGEST_KEY)) {
            throw new CliException(ExitCodes.FAILED, "Connector " + name + " was not created by eventstream; not deleting it");
        }
        connect.delete(name);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, Map.of("deleted", name));
        } else {
            out.println("Deleted " + name + (plane.endpoint(selected.tenant(), selected.endpoint()).isPresent()
                ? " (its file " + plane.fileOf(plane.endpoint(selected.tenant(), selected.endpoint()).get())
                    + " is still there: the next apply creates it again)" : ""));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
