package dev.eventstream.connect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command without a cluster: validate, render, usage errors, an unreachable cluster, env vars, completion. */
class EventstreamCliTest {

    private static final String CONFIGS = Path.of("..", "connector-configs").toAbsolutePath().normalize().toString();

    @TempDir
    Path temp;

    @Test
    void validateTheExamples() {
        CliRun run = CliRun.run("validate", "--config-dir", CONFIGS);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("OK: 9 files, 4 topics, 4 endpoints in " + CONFIGS + "\n");
    }

    @Test
    void validateAsJson() {
        CliRun run = CliRun.run("validate", "-d", CONFIGS, "--output", "json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.json().get("ok").asBoolean()).isTrue();
        assertThat(run.json().get("problems")).isEmpty();
    }

    @Test
    void anInvalidFileExitsWithTwoAndNamesFilePointerAndFix() throws IOException {
        Path dir = copyOfExamples();
        Path crm = dir.resolve("endpoints/acme/crm.json");
        Files.writeString(crm, Files.readString(crm).replace("\"state\": \"running\"", "\"state\": \"runing\""));
        CliRun text = CliRun.run("validate", "-d", dir.toString());
        assertThat(text.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(text.out()).startsWith("endpoints/acme/crm.json /state: 'runing' is not one of [running, paused, stopped]. "
            + "Fix: use one of [running, paused, stopped] (did you mean 'running'?)\n1 problem(s) in ");

        CliRun json = CliRun.run("validate", "-d", dir.toString(), "-o", "json");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(json.json().at("/problems/0/pointer").asText()).isEqualTo("/state");
        assertThat(json.json().at("/problems/0/file").asText()).isEqualTo("endpoints/acme/crm.json");

        CliRun render = CliRun.run("render", "-d", dir.toString());
        assertThat(render.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(render.err()).contains("endpoints/acme/crm.json /state:").endsWith("1 problem(s) in the configuration files: nothing was done.\n");
    }

    @Test
    void planWithDetailedExitCodeNeverReportsInvalidFilesAsChangesPending() throws IOException {
        Path dir = copyOfExamples();
        Path crm = dir.resolve("endpoints/acme/crm.json");
        Files.writeString(crm, Files.readString(crm).replace("\"state\": \"running\"", "\"state\": \"runing\""));
        CliRun detailed = CliRun.run("plan", "--detailed-exitcode", "-d", dir.toString());
        assertThat(detailed.exitCode()).as(detailed.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(detailed.err()).startsWith("endpoints/acme/crm.json /state: 'runing' is not one of");
        CliRun plain = CliRun.run("plan", "-d", dir.toString());
        assertThat(plain.exitCode()).as("without the flag an invalid file is a validation error").isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void renderPrintsTheGoldenConfigsAndWritesThemWithOut() throws IOException {
        CliRun run = CliRun.run("render", "-d", CONFIGS);
        assertThat(run.exitCode()).isZero();
        Path golden = Path.of("..", "eventstream-control", "src", "test", "resources", "golden", "direct");
        String expected = Files.readString(golden.resolve("es-acme-billing.json")) + Files.readString(golden.resolve("es-acme-crm.json"))
            + Files.readString(golden.resolve("es-globex-lake.json")) + Files.readString(golden.resolve("es-globex-support.json"));
        assertThat(run.out()).isEqualTo(expected);

        Path out = temp.resolve("rendered");
        CliRun written = CliRun.run("render", "-d", CONFIGS, "--out", out.toString());
        assertThat(written.out()).isEqualTo("Wrote 4 connector configs to " + out + "\n");
        assertThat(Files.readString(out.resolve("es-acme-crm.json"))).isEqualTo(Files.readString(golden.resolve("es-acme-crm.json")));
    }

    @Test
    void renderAsJsonListsConnectorsAndTopics() {
        CliRun run = CliRun.run("render", "-d", CONFIGS, "-o", "json");
        assertThat(run.json().at("/connectors/1/name").asText()).isEqualTo("es-acme-crm");
        assertThat(run.json().at("/connectors/3/state").asText()).isEqualTo("paused");
        assertThat(run.json().at("/topics/0/name").asText()).isEqualTo("es-dlq-acme-billing");
    }

    @Test
    void anUnreachableClusterExitsWithThree() throws IOException {
        CliRun run = CliRun.run("plan", "-d", CONFIGS, "--connect-url", "http://127.0.0.1:" + freePort());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).startsWith("Error: Cannot reach the Connect REST API at http://127.0.0.1:");
    }

    @Test
    void theConnectUrlComesFromTheEnvironmentUnlessAFlagIsGiven() throws IOException {
        int port = freePort();
        CliRun fromEnv = CliRun.run(Map.of("EVENTSTREAM_CONNECT_URL", "http://127.0.0.1:" + port, "EVENTSTREAM_CONFIG_DIR", CONFIGS), "status");
        assertThat(fromEnv.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(fromEnv.err()).contains("http://127.0.0.1:" + port);

        int other = freePort();
        CliRun flagWins = CliRun.run(Map.of("EVENTSTREAM_CONNECT_URL", "http://127.0.0.1:" + port), "plan", "-d", CONFIGS,
            "--connect-url", "http://127.0.0.1:" + other);
        assertThat(flagWins.err()).contains("http://127.0.0.1:" + other);
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliRun unknown = CliRun.run("plna");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknown.err()).contains("Unmatched argument at index 0: 'plna'").contains("Did you mean: eventstream plan");

        CliRun badOutput = CliRun.run("validate", "-o", "yaml");
        assertThat(badOutput.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(badOutput.err()).contains("Invalid value for option '--output'");

        CliRun noCommand = CliRun.run();
        assertThat(noCommand.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(noCommand.err()).startsWith("Missing command");

        CliRun deleteTenantOnly = CliRun.run("delete", "acme", "-d", CONFIGS);
        assertThat(deleteTenantOnly.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(deleteTenantOnly.err()).isEqualTo("Error: delete takes TENANT/ENDPOINT, e.g. acme/crm\n");
    }

    @Test
    void aConnectUrlThatIsNotAnHttpUrlIsAUsageErrorInOneLine() {
        for (String command : List.of("plan", "status", "usage")) {
            CliRun run = CliRun.run(command, "-d", CONFIGS, "--connect-url", "localhost:8083");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
            assertThat(run.err()).as(command).isEqualTo("Error: 'localhost:8083' (--connect-url (env EVENTSTREAM_CONNECT_URL)) is not "
                + "an http:// or https:// URL with a host. Fix: write it as e.g. http://localhost:8083\n");
        }
    }

    @Test
    void statusAndRestartOfAnEndpointNoFileDescribesAreUsageErrorsListingTheKnownOnes() throws IOException {
        String url = "http://127.0.0.1:" + freePort();
        CliRun status = CliRun.run("status", "acme/nosuch", "-d", CONFIGS, "--connect-url", url);
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(status.err()).isEqualTo("Error: No endpoint acme/nosuch in the files (no endpoints/acme/nosuch.json). "
            + "Fix: name one of [acme/billing, acme/crm, globex/lake, globex/support]\n");
        CliRun restart = CliRun.run("restart", "--failed", "initech", "-d", CONFIGS, "--connect-url", url);
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(restart.err()).startsWith("Error: No endpoint initech in the files (no endpoints/initech/*.json).");
    }

    @Test
    void completionScriptCoversTheCommands() {
        CliRun run = CliRun.run("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F _complete_eventstream").contains("apply").contains("--detailed-exitcode");
    }

    @Test
    void versionAndHelp() {
        assertThat(CliRun.run("--version").out()).startsWith("eventstream ");
        CliRun help = CliRun.run("plan", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--prune").contains("env EVENTSTREAM_CONNECT_URL");
    }

    private Path copyOfExamples() throws IOException {
        Path dir = temp.resolve("configs");
        try (var files = Files.walk(Path.of(CONFIGS))) {
            for (Path source : files.toList()) {
                Path copy = dir.resolve(Path.of(CONFIGS).relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
