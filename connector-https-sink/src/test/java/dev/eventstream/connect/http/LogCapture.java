package dev.eventstream.connect.http;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures, at DEBUG and above, what the named loggers (and their children) write while it is open. */
final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final String[] loggers;
    private final AbstractAppender appender;

    LogCapture(String... loggers) {
        this.loggers = loggers;
        this.appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                Throwable thrown = event.getThrown();
                lines.add(event.getMessage().getFormattedMessage() + (thrown == null ? "" : " " + thrown));
            }
        };
        appender.start();
        Configuration config = context.getConfiguration();
        for (String name : loggers) {
            LoggerConfig logger = new LoggerConfig(name, Level.DEBUG, false);
            logger.addAppender(appender, Level.DEBUG, null);
            config.addLogger(name, logger);
        }
        context.updateLoggers();
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (String name : loggers) {
            config.removeLogger(name);
        }
        context.updateLoggers();
        appender.stop();
    }
}
