package dev.eventstream.connect.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin version, from a resource Maven filters at build time (falls back to the jar manifest). */
final class Version {

    private static final Logger LOG = LoggerFactory.getLogger(Version.class);
    private static final String RESOURCE = "/dev/eventstream/connect/kafka/kafka-sink-version.properties";
    private static final String VERSION = load();

    private Version() {
    }

    static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                String v = props.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", RESOURCE, e.toString());
        }
        String manifest = Version.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "unknown";
    }
}
