package dev.eventstream.connect.cli;

import dev.eventstream.connect.common.EventStreamVersion;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "eventstream", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = EventstreamCommand.Version.class,
    description = "Turns topic-details.json and endpoint.json files into connectors on a Kafka Connect cluster.",
    subcommands = {ValidateCommand.class, RenderCommand.class, PlanCommand.class, ApplyCommand.class,
        StatusCommand.class, RestartCommand.class, DeleteCommand.class, DlqCommand.class, UsageCommand.class, TestTopicCommand.class,
        AutoComplete.GenerateCompletion.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failed, 2 usage or validation error (plan --detailed-exitcode: changes pending), "
        + "3 cluster unreachable.", "Every --long-option can also be set as EVENTSTREAM_LONG_OPTION in the environment."})
final class EventstreamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"eventstream " + EventStreamVersion.get()};
        }
    }
}
