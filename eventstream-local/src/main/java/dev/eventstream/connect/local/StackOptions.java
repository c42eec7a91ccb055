package dev.eventstream.connect.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The options of {@code ./eventstream-local.sh}. Every option has a default that works on a fresh clone; the
 * ports are options so that a second stack (or a test) can run beside a first one.
 */
public record StackOptions(
    Path repository,
    Path stateDirectory,
    int kafkaPort,
    int customerKafkaPort,
    int connectPort,
    int receiverPort,
    double eventsPerSecond,
    List<String> tenants,
    boolean producer,
    boolean demoEndpoints,
    boolean reset,
    int statusIntervalSeconds) {

    /** Interleaved on the voice topics; the look-alikes of {@code acme} must never reach acme's endpoints. */
    public static final List<String> DEFAULT_TENANTS =
        List.of("acme", "acme-eu", "acme2", "acmecorp", "globex", "globex-labs", "initech");

    public static final String USAGE = String.join("\n",
        "Usage: ./eventstream-local.sh [options]",
        "  --rate=N               events per second the demo producer publishes (default 20)",
        "  --tenants=a,b,c        tenants of the demo events (default " + String.join(",", DEFAULT_TENANTS) + ")",
        "  --kafka-port=N         the platform's Kafka broker (default 9092)",
        "  --customer-kafka-port=N  the demo customer's Kafka cluster (default 9094)",
        "  --connect-port=N       the Connect worker's REST API (default 8083)",
        "  --receiver-port=N      the demo HTTPS receiver (default 8443)",
        "  --state-dir=DIR        where brokers, offsets, certificates and logs are kept (default .eventstream-local)",
        "  --status-interval=S    seconds between two receiver status blocks (default 5)",
        "  --no-producer          publish no demo events",
        "  --no-demo-endpoints    apply no endpoint and start no demo receiver",
        "  --reset                delete the state directory first: a fresh start",
        "  --help                 this text");

    public StackOptions {
        tenants = List.copyOf(tenants);
    }

    /** Parses {@code --name=value} and {@code --name value}; an unknown or malformed option is a {@link StackFailure}. */
    public static StackOptions parse(Path repository, String... args) {
        Path stateDir = repository.resolve(".eventstream-local");
        int kafkaPort = 9092;
        int customerKafkaPort = 9094;
        int connectPort = 8083;
        int receiverPort = 8443;
        double rate = 20;
        List<String> tenants = DEFAULT_TENANTS;
        boolean producer = true;
        boolean demoEndpoints = true;
        boolean reset = false;
        int statusInterval = 5;
        List<String> queue = new ArrayList<>(Arrays.asList(args));
        while (!queue.isEmpty()) {
            String arg = queue.remove(0);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--no-producer" -> producer = false;
                case "--no-demo-endpoints" -> demoEndpoints = false;
                case "--reset" -> reset = true;
                case "--rate" -> rate = positiveNumber(name, valueOf(name, value, queue));
                case "--tenants" -> tenants = tenantList(valueOf(name, value, queue));
                case "--kafka-port" -> kafkaPort = port(name, valueOf(name, value, queue));
                case "--customer-kafka-port" -> customerKafkaPort = port(name, valueOf(name, value, queue));
                case "--connect-port" -> connectPort = port(name, valueOf(name, value, queue));
                case "--receiver-port" -> receiverPort = port(name, valueOf(name, value, queue));
                case "--state-dir" -> stateDir = repository.resolve(valueOf(name, value, queue));
                case "--status-interval" -> statusInterval = (int) positiveNumber(name, valueOf(name, value, queue));
                default -> throw new StackFailure("unknown option '" + arg + "' (./eventstream-local.sh --help lists them)");
            }
        }
        return new StackOptions(repository, stateDir.toAbsolutePath().normalize(), kafkaPort, customerKafkaPort,
            connectPort, receiverPort, rate, tenants, producer, demoEndpoints, reset, Math.max(1, statusInterval));
    }

    private static String valueOf(String name, String inline, List<String> queue) {
        if (inline != null) {
            return inline;
        }
        if (queue.isEmpty() || queue.get(0).startsWith("--")) {
            throw new StackFailure("option " + name + " needs a value, e.g. " + name + "=...");
        }
        return queue.remove(0);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option's name
        }
        throw new StackFailure(name + " must be a port number between 1 and 65535, got '" + value + "'");
    }

    private static double positiveNumber(String name, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option's name
        }
        throw new StackFailure(name + " must be a number greater than 0, got '" + value + "'");
    }

    private static List<String> tenantList(String value) {
        List<String> tenants = new ArrayList<>();
        for (String tenant : value.split(",")) {
            String trimmed = tenant.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.matches("[a-z0-9][a-z0-9_-]*")) {
                throw new StackFailure("--tenants takes tenant ids such as acme,globex (letters, digits, '-', '_'), got '"
                    + tenant + "'");
            }
            tenants.add(trimmed);
        }
        return tenants;
    }
}
