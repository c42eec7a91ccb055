package dev.eventstream.connect.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;

/**
 * {@code ./eventstream-local.sh}: runs the stack until Ctrl-C. Exit status 0 after a clean stop, 1 when the
 * stack could not start (its reason on one line on stderr), 2 for a usage error.
 */
public final class LocalStackMain {

    /**
     * Jersey warns on the console (java.util.logging), once per resource the REST extension registers, that the
     * resource "does not implement any provider interfaces" and "will be ignored": a false alarm (the routes are
     * served, LocalStackIT calls them) that would be the first thing a newcomer reads. Held here: JUL keeps its
     * loggers only weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger JERSEY_PROVIDERS =
        java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    private LocalStackMain() {
    }

    public static void main(String[] args) {
        Path repository = Path.of(System.getProperty("eventstream.repo.dir", ".")).toAbsolutePath().normalize();
        if (java.util.List.of(args).contains("--help") || java.util.List.of(args).contains("-h")) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        StackOptions options;
        try {
            options = StackOptions.parse(repository, args);
        } catch (StackFailure e) {
            System.err.println("eventstream-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        StateDirectory state;
        try {
            state = StateDirectory.open(options.stateDirectory(), options.reset());
        } catch (StackFailure e) {
            System.err.println("eventstream-local: " + e.getMessage());
            System.exit(1);
            return;
        }
        // Before the first logger exists: log4j2.xml writes to the state directory's logs/.
        System.setProperty("eventstream.local.logs", state.logs().toString());
        JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
        long commandStarted = Long.getLong("eventstream.local.command.started", System.currentTimeMillis());
        StackConsole console = new StackConsole(System.out, commandStarted);
        LocalStack stack = new LocalStack(options, console);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stack.close();
            } finally {
                stopped.countDown();
                LogManager.shutdown();
            }
        }, "eventstream-local-stop"));
        try {
            stack.start(state, bundleName());
        } catch (StackFailure e) {
            System.err.println("eventstream-local: " + e.getMessage());
            LoggerFactory.getLogger(LocalStackMain.class).error("The stack could not start", e);
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bundle this build was made with: {@code eventstream-connect-<version>} (filtered into the jar). */
    private static String bundleName() {
        Properties build = new Properties();
        try (InputStream in = LocalStackMain.class.getResourceAsStream("/eventstream-local.properties")) {
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build.getProperty("bundle.name");
    }
}
