package dev.eventstream.connect.avro;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged at INFO and above by any logger (through SLF4J to Log4j 2) while open, with the stack traces
 * of logged exceptions: what an operator would read in the worker's log.
 */
final class LoggedText extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
    private final Level previousLevel;

    private LoggedText() {
        super("logged-text", null, null, true, Property.EMPTY_ARRAY);
        LoggerConfig root = context.getConfiguration().getRootLogger();
        previousLevel = root.getLevel();
        start();
        root.addAppender(this, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
    }

    static LoggedText capture() {
        return new LoggedText();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        for (Throwable error = event.getThrown(); error != null; error = error.getCause()) {
            line.append(" | ").append(error);
        }
        lines.add(line.toString());
    }

    String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        configuration.getRootLogger().setLevel(previousLevel);
        context.updateLoggers();
        stop();
    }
}
