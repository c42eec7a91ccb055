package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "render", description = "Print the connector configs the files describe, or write one <name>.json each with --out.")
final class RenderCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "DIR", description = "Write each connector to DIR/<name>.json instead of printing.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RenderResult result = new Renderer().render(common.load());
        PrintWriter writer = spec.commandLine().getOut();
        if (out != null) {
            Files.createDirectories(out);
            for (RenderedConnector connector : result.connectors()) {
                Files.writeString(out.resolve(connector.name() + ".json"), connector.toJson());
            }
            if (common.json()) {
                Output.json(writer, Map.of("written", result.connectors().stream().map(c -> out.resolve(c.name() + ".json").toString()).toList()));
            } else {
                writer.printf("Wrote %d connector configs to %s%n", result.connectors().size(), out);
            }
        } else if (common.json()) {
            List<Map<String, Object>> connectors = result.connectors().stream().map(RenderCommand::asMap).toList();
            Output.json(writer, Map.of("connectors", connectors, "topics", result.topics()));
        } else {
            result.connectors().forEach(c -> writer.print(c.toJson()));
        }
        writer.flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> asMap(RenderedConnector connector) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", connector.name());
        map.put("state", connector.state().name());
        map.put("config", connector.config());
        return map;
    }
}
