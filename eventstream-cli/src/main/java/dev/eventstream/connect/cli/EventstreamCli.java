package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.connect.ClusterUnreachableException;
import dev.eventstream.connect.control.connect.ConnectApiException;
import dev.eventstream.connect.control.kafka.KafkaAdminException;
import dev.eventstream.connect.control.validate.Problem;
import dev.eventstream.connect.control.validate.ValidationException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** The {@code eventstream} command's entry point: runs a command and maps every failure to its exit code and one clear message. */
public final class EventstreamCli {

    private EventstreamCli() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err, System.getenv()));
    }

    /** Runs the command as {@link #main} does, with its output, error stream and environment given; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new EventstreamCommand())
            .setOut(out)
            .setErr(err)
            .setDefaultValueProvider(new EnvDefaults(env))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(EventstreamCli::handle);
        return commandLine.execute(args);
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean json = jsonOutput(parseResult);
        int code;
        if (e instanceof ValidationException invalid) {
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("ok", false);
                result.put("problems", invalid.problems());
                Output.json(commandLine.getOut(), result);
            }
            for (Problem problem : invalid.problems()) {
                err.println(problem);
            }
            err.println(invalid.problems().size() + " problem(s) in the configuration files: nothing was done.");
            code = ExitCodes.INVALID;
        } else if (e instanceof CliException cli) {
            err.println("Error: " + cli.getMessage());
            code = cli.exitCode();
        } else if (e instanceof ClusterUnreachableException || e instanceof KafkaAdminException) {
            err.println("Error: " + e.getMessage());
            code = ExitCodes.UNREACHABLE;
        } else if (e instanceof ConnectApiException) {
            err.println("Error: " + e.getMessage());
            code = ExitCodes.FAILED;
        } else {
            err.println("Error: " + e);
            code = ExitCodes.FAILED;
        }
        err.flush();
        // With plan --detailed-exitcode, 2 means "changes pending": an invalid file must not read as that.
        return code == ExitCodes.INVALID && Boolean.TRUE.equals(optionValue(parseResult, "--detailed-exitcode")) ? ExitCodes.FAILED : code;
    }

    private static boolean jsonOutput(CommandLine.ParseResult parseResult) {
        return CommonOptions.Format.json.equals(optionValue(parseResult, "--output"));
    }

    /** The value of an option of the command that ran (the innermost subcommand), or null when it has none. */
    private static Object optionValue(CommandLine.ParseResult parseResult, String name) {
        CommandLine.ParseResult sub = parseResult;
        while (sub.hasSubcommand()) {
            sub = sub.subcommand();
        }
        CommandLine.Model.OptionSpec option = sub.commandSpec().findOption(name);
        return option == null ? null : option.getValue();
    }
}
