package dev.eventstream.connect.region;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures what one class logs (through SLF4J to Log4j 2), from any thread, until closed. */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private CapturedLogs(Class<?> source) {
        super("captured-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = (Logger) LogManager.getLogger(source);
    }

    static CapturedLogs of(Class<?> source) {
        CapturedLogs captured = new CapturedLogs(source);
        captured.start();
        captured.logger.addAppender(captured);
        return captured;
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    /** Messages logged at exactly {@code level}, formatted. */
    List<String> messages(Level level) {
        return events.stream().filter(event -> event.getLevel() == level)
                .map(event -> event.getMessage().getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
