package dev.eventstream.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's version, which every plugin reports from {@code version()}: all plugins ship in one bundle and
 * share it. Read from a resource Maven filters at build time, else the jar manifest.
 */
public final class EventStreamVersion {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamVersion.class);
    private static final String RESOURCE = "/dev/eventstream/connect/common/eventstream-version.properties";
    private static final String VERSION = load();

    private EventStreamVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = EventStreamVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                String version = props.getProperty("version", "").trim();
                if (!version.isEmpty() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", RESOURCE, e.toString());
        }
        String manifest = EventStreamVersion.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "unknown";
    }
}
