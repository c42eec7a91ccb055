package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.plan.Change;
import dev.eventstream.connect.control.plan.KeyDiff;
import dev.eventstream.connect.control.plan.Plan;
import dev.eventstream.connect.control.render.RenderedConnector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as people read it (Terraform-like: {@code +} create, {@code ~} update, {@code -} delete, then one line
 * per changed key, the digest aside) or as JSON. A created connector's keys are not listed: {@code render} shows them.
 */
final class PlanPrinter {

    private PlanPrinter() {
    }

    static void text(PrintWriter out, Plan plan) {
        for (Change change : plan.pending()) {
            out.println(headline(change));
            if (change.action() == Change.Action.update) {
                for (KeyDiff diff : change.diff()) {
                    if (diff.key().equals(RenderedConnector.DIGEST_KEY)) {
                        continue; // it changes with every other key; --output json lists it
                    }
                    out.println("    " + diff.symbol() + " " + diff.key() + ": " + describe(diff));
                }
            }
        }
        for (String name : plan.unmanaged()) {
            out.println("  " + name + " is not in the files any more (apply --prune deletes it)");
        }
        out.println(plan.hasChanges() ? "Plan: " + plan.summary() + "." : "No changes: the cluster matches the files.");
        out.flush();
    }

    static Map<String, Object> json(Plan plan) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (Change change : plan.pending()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("connector", change.connector());
            entry.put("action", change.action().name());
            if (change.fromState() != null) {
                entry.put("fromState", change.fromState().connectName());
            }
            if (change.toState() != null) {
                entry.put("toState", change.toState().connectName());
            }
            if (change.action() == Change.Action.update) {
                entry.put("drift", change.drift());
                entry.put("diff", change.diff());
            }
            changes.add(entry);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changes", changes);
        result.put("notInFiles", plan.unmanaged());
        result.put("summary", plan.summary());
        return result;
    }

    private static String headline(Change change) {
        return switch (change.action()) {
            case create -> "+ " + change.connector() + ": create (" + change.toState().connectName() + ")";
            case delete -> "- " + change.connector() + ": delete";
            case update -> "~ " + change.connector() + ": update" + (change.drift() ? " (changed outside eventstream)" : "")
                + state(change);
            case unchanged -> "~ " + change.connector() + ":" + state(change).replaceFirst("^,", "");
        };
    }

    private static String state(Change change) {
        if (!change.changesState()) {
            return "";
        }
        return ", " + (change.fromState() == null ? "?" : change.fromState().connectName()) + " -> " + change.toState().connectName();
    }

    private static String describe(KeyDiff diff) {
        if (diff.before() == null) {
            return quote(diff.after());
        } else if (diff.after() == null) {
            return quote(diff.before()) + " (removed)";
        }
        return quote(diff.before()) + " -> " + quote(diff.after());
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
