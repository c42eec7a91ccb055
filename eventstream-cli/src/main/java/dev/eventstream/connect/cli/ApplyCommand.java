package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.connect.ConfigValidation;
import dev.eventstream.connect.control.kafka.KafkaTopics;
import dev.eventstream.connect.control.plan.Applier;
import dev.eventstream.connect.control.plan.ApplyResult;
import dev.eventstream.connect.control.plan.Change;
import dev.eventstream.connect.control.render.TopicSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", description = "Make the cluster match the files: the cluster validates every new or changed config "
    + "first, then connectors are created, updated, paused/resumed/stopped (and deleted with --prune). A second apply changes nothing.")
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--prune", description = "Also delete the suite's connectors that no file describes any more.")
    boolean prune;

    @Option(names = "--dry-run", description = "Show the plan, the topics that would be created, and the cluster's "
        + "validation of every new or changed config; change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClusterPlan plan = ClusterPlan.of(common, cluster, prune);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!common.json()) {
            PlanPrinter.text(out, plan.plan());
        }
        if (dryRun) {
            return dryRun(plan, out);
        }
        ApplyResult result;
        try (KafkaTopics topics = cluster.kafka(plan.plane())) {
            result = new Applier(plan.connect(), topics, event -> {
                if (!common.json()) {
                    err.printf("[%d/%d] %s: %s%n", event.step(), event.steps(), event.connector(), event.what());
                    err.flush();
                }
            }).apply(plan.plan(), plan.rendered());
        }
        report(out, result.validationErrors(), result);
        return result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The plan, the cluster's verdict on every new or changed config, and the topics apply would create; nothing is changed. */
    private int dryRun(ClusterPlan plan, PrintWriter out) {
        Map<String, Map<String, List<String>>> refused = new TreeMap<>();
        for (Change change : plan.plan().pending()) {
            if (change.desired() != null && change.action() != Change.Action.unchanged) {
                ConfigValidation validation = plan.connect().validate(change.connector(), change.desired().config());
                if (!validation.ok()) {
                    refused.put(change.connector(), validation.errors());
                }
            }
        }
        List<String> topicsToCreate;
        try (KafkaTopics topics = cluster.kafka(plan.plane())) {
            topicsToCreate = topics.missing(plan.rendered().topics()).stream().map(TopicSpec::name).sorted().toList();
        }
        if (common.json()) {
            Map<String, Object> result = new LinkedHashMap<>(PlanPrinter.json(plan.plan()));
            result.put("dryRun", true);
            result.put("topicsToCreate", topicsToCreate);
            result.put("validationErrors", refused);
            Output.json(out, result);
        } else {
            topicsToCreate.forEach(topic -> out.println("Would create topic " + topic));
            printRefused(out, refused);
            out.println(refused.isEmpty() ? "Dry run: the cluster accepts every config; nothing was changed."
                : "Dry run: nothing was changed.");
            out.flush();
        }
        return refused.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void report(PrintWriter out, Map<String, Map<String, List<String>>> refused, ApplyResult result) {
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("ok", result.ok());
            json.put("topicsCreated", result.topicsCreated());
            json.put("outcomes", result.outcomes());
            json.put("validationErrors", refused);
            Output.json(out, json);
            return;
        }
        if (!result.ok()) {
            printRefused(out, refused);
            out.println("Apply refused by the cluster's validation: nothing was changed.");
            out.flush();
            return;
        }
        result.topicsCreated().forEach(topic -> out.println("Created topic " + topic));
        if (!result.outcomes().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            result.outcomes().forEach(o -> rows.add(List.of(o.connector(), o.done())));
            Output.table(out, List.of("CONNECTOR", "RESULT"), rows);
        }
        out.println("Apply complete: " + result.outcomes().size() + " connector(s) changed, "
            + result.topicsCreated().size() + " topic(s) created.");
        out.flush();
    }

    private static void printRefused(PrintWriter out, Map<String, Map<String, List<String>>> refused) {
        refused.forEach((connector, errors) -> errors.forEach((key, messages) ->
            messages.forEach(message -> out.println(connector + " " + key + ": " + message))));
    }
}
