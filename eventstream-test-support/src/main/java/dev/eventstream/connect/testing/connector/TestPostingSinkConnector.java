package dev.eventstream.connect.testing.connector;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A test-only sink that posts each {@code put()} batch to an HTTPS URL as a JSON array, synchronously.
 * It proves the harness (real broker, real worker, real TLS receiver) without depending on the
 * product's sinks, and lets plugin ITs run before those sinks exist. It is never shipped.
 */
public class TestPostingSinkConnector extends SinkConnector {

    static final String URL = "test.url";
    static final String TRUSTSTORE = "test.truststore.location";
    static final String TRUSTSTORE_PASSWORD = "test.truststore.password";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(URL, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "HTTPS URL to post batches to.")
        .define(TRUSTSTORE, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "PKCS12 truststore file.")
        .define(TRUSTSTORE_PASSWORD, ConfigDef.Type.PASSWORD, ConfigDef.Importance.HIGH, "Truststore password.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TestPostingSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return java.util.Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return "test";
    }
}
