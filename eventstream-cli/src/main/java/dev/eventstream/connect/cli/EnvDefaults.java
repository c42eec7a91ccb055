package dev.eventstream.connect.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Every long option can also come from the environment: {@code --connect-url} from {@code EVENTSTREAM_CONNECT_URL}.
 * A flag on the command line wins.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> env;

    EnvDefaults(Map<String, String> env) {
        this.env = env;
    }

    static String variable(String longOption) {
        return "EVENTSTREAM_" + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (argSpec instanceof CommandLine.Model.OptionSpec option) {
            String value = env.get(variable(option.longestName()));
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return argSpec.defaultValue();
    }
}
