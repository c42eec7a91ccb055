package dev.eventstream.connect.local;

import java.io.PrintStream;
import java.time.Duration;
import dev.eventstream.connect.control.plan.ApplyResult;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.RenderedConnector;
import java.util.List;

/**
 * What the person at the terminal reads: where each part runs, the next commands to try, the live status
 * lines, and one line per failure. The stack's components log to {@code logs/stack.log} instead.
 */
final class StackConsole {

    private final PrintStream out;
    private final long commandStartedMillis;

    /** {@code commandStartedMillis}: when the command was typed (the script passes it), for the time to first event. */
    StackConsole(PrintStream out, long commandStartedMillis) {
        this.out = out;
        this.commandStartedMillis = commandStartedMillis;
    }

    synchronized void banner(StackOptions options, StateDirectory state, PluginBundle bundle, String restExtensions,
                             DemoConfigs.Prepared configs, RenderResult rendered, ApplyResult applied, DemoReceiver receiver) {
        out.println();
        out.println("Event Stream local stack is up (" + seconds(System.currentTimeMillis() - commandStartedMillis) + " after the command)");
        out.println("  platform Kafka       localhost:" + options.kafkaPort() + "   topics voice-callthread, voice-agentstate");
        out.println("  Connect worker       http://localhost:" + options.connectPort() + "   plugins from " + bundle.directory());
        out.println("  REST extension       " + (restExtensions == null ? "none in this bundle (Connect's own routes only)" : restExtensions));
        if (options.demoEndpoints()) {
            out.println("  customer Kafka       localhost:" + options.customerKafkaPort());
            out.println("  demo HTTPS receiver  https://localhost:" + options.receiverPort() + " (CA: " + state.tls().resolve("truststore.p12") + ")");
            for (DemoReceiver.Endpoint endpoint : configs.httpsEndpoints()) {
                out.println("    " + endpoint.label() + " (auth " + endpoint.auth().type() + ", "
                    + (endpoint.signingSecret() == null ? "unsigned" : "signed") + ")  " + receiver.url(endpoint));
            }
            for (DemoConfigs.KafkaEndpoint endpoint : configs.kafkaEndpoints()) {
                out.println("    " + endpoint.label() + "  topic " + endpoint.topic() + " on localhost:" + options.customerKafkaPort()
                    + " (" + endpoint.compression() + ")");
            }
            out.println("  receiver's log       " + state.receiver().resolve("requests.log")
                + " (events: " + state.receiver() + "/<tenant>-<endpoint>.ndjson)");
        }
        configs.leftOut().forEach((endpoint, reason) -> out.println("  not in the demo      " + endpoint + ": " + reason));
        out.println("  connectors           applied by the control plane from " + configs.directory() + ":");
        // Apply reports what it changed; a connector it did not touch is as the previous run left it.
        for (RenderedConnector connector : rendered.connectors()) {
            String done = applied.outcomes().stream().filter(outcome -> outcome.connector().equals(connector.name()))
                .map(ApplyResult.Outcome::done).filter(text -> !text.isEmpty()).findFirst().orElse("unchanged");
            out.println("    " + connector.name() + "  " + done);
        }
        if (options.producer()) {
            out.println("  demo producer        " + options.eventsPerSecond() + " events/s, tenants " + String.join(",", options.tenants())
                + ", gzip/lz4/snappy batches");
        }
        out.println("  state directory      " + state.root() + " (logs in " + state.logs() + ")");
        out.println();
        out.println("Try:");
        String configDir = configs.directory().toString();
        out.println("  ./eventstream status -d " + configDir + "      connectors, tasks, lag, DLQ depth");
        out.println("  ./eventstream plan -d " + configDir + "        nothing to do: the files and the worker agree");
        out.println("  curl -s localhost:" + options.connectPort() + "/connectors?expand=status");
        if (restExtensions != null) {
            out.println("  curl -s 'localhost:" + options.connectPort() + "/eventstream/usage?tenant=acme'");
            out.println("  curl -s localhost:" + options.connectPort() + "/eventstream/openapi.json   the other Event Stream routes");
        }
        if (options.demoEndpoints()) {
            out.println("  tail -f " + state.receiver().resolve("requests.log"));
        }
        out.println("Ctrl-C stops everything; the next start resumes from the state directory (--reset starts fresh).");
        out.println();
        out.flush();
    }

    synchronized void firstEvent() {
        out.println("first event delivered "
            + seconds(System.currentTimeMillis() - commandStartedMillis) + " after the command");
        out.flush();
    }

    synchronized void status(List<String> lines) {
        lines.forEach(out::println);
        out.flush();
    }

    synchronized void note(String line) {
        out.println(line);
        out.flush();
    }

    synchronized void stopped(Duration took) {
        out.println("Event Stream local stack stopped in " + seconds(took.toMillis()));
        out.flush();
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }
}
