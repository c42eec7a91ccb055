package dev.eventstream.connect.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = "Show what apply would create, update, delete and pause/resume/stop on the cluster.")
final class PlanCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--prune", description = "Also delete the suite's connectors that no file describes any more.")
    boolean prune;

    @Option(names = "--detailed-exitcode", description = "Exit 0 when there is nothing to do, 2 when changes are pending, 1 on errors "
        + "(invalid files too), 3 when the cluster is unreachable.")
    boolean detailedExitCode;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClusterPlan plan = ClusterPlan.of(common, cluster, prune);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, PlanPrinter.json(plan.plan()));
        } else {
            PlanPrinter.text(out, plan.plan());
        }
        return detailedExitCode && plan.plan().hasChanges() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }
}
