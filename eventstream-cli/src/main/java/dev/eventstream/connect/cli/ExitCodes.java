package dev.eventstream.connect.cli;

/** Exit codes scripts can rely on. */
public final class ExitCodes {

    public static final int OK = 0;
    /** A command failed: the cluster refused a config, a connector is missing, a task stayed failed. */
    public static final int FAILED = 1;
    /** Usage error (bad flags), or the configuration files are invalid; also {@code plan --detailed-exitcode}: changes pending. */
    public static final int INVALID = 2;
    public static final int CHANGES_PENDING = 2;
    /** The Connect REST API or Kafka could not be reached. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
