package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.validate.Problem;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Check every file against its JSON Schema and against each other.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ControlPlane.ValidationReport report = ControlPlane.validate(common.configDir);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", report.ok());
            result.put("filesRead", report.filesRead());
            result.put("problems", report.problems());
            Output.json(out, result);
        } else if (report.ok()) {
            ControlPlane plane = report.controlPlane().orElseThrow();
            out.printf("OK: %d files, %d topics, %d endpoints in %s%n", report.filesRead(), plane.topics().all().size(),
                plane.endpoints().size(), plane.directory().root());
        } else {
            for (Problem problem : report.problems()) {
                out.println(problem);
            }
            out.printf("%d problem(s) in %s%n", report.problems().size(), common.configDir.toAbsolutePath().normalize());
        }
        out.flush();
        return report.ok() ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
