package dev.eventstream.connect.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node KRaft cluster (broker and controller in one process) in this JVM, its data in a directory of
 * the state directory. The storage is formatted on the first start only: a new cluster id on a restart
 * would be refused ("Invalid cluster.id"), and the data of the previous run is what the next run resumes.
 */
final class KraftBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KraftBroker.class);

    private final String name;
    private final int port;
    private final KafkaRaftServer server;

    private KraftBroker(String name, int port, KafkaRaftServer server) {
        this.name = name;
        this.port = port;
        this.server = server;
    }

    /** The key material of a TLS-only client listener (PKCS12 stores). */
    record TlsListener(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
    }

    /**
     * Starts the cluster; {@code controllerPort} is internal to this JVM and may change between runs
     * (the quorum's voters are known by node id, not by address). With {@code tls}, clients connect over TLS
     * only (as to a customer's cluster), and the broker talks to itself on a plaintext port of its own.
     */
    static KraftBroker start(String name, Path dataDir, int port, int controllerPort, TlsListener tls) {
        Properties props = serverProperties(dataDir, port, controllerPort, tls);
        Path configFile = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, name + " (written by eventstream-local at each start)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.notExists(dataDir.resolve("meta.properties"))) {
            format(name, configFile);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        log.info("{} listening on localhost:{}", name, port);
        return new KraftBroker(name, port, server);
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("{} stopped", name);
    }

    private static void format(String name, Path configFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, out);
        }
        String printed = output.toString(StandardCharsets.UTF_8).trim();
        if (status != 0) {
            throw new StackFailure("cannot format the storage of " + name + ": " + printed);
        }
        log.info("{}: formatted new storage, cluster id {} ({})", name, clusterId, printed);
    }

    private static Properties serverProperties(Path dataDir, int port, int controllerPort, TlsListener tls) {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.setProperty("controller.listener.names", "CONTROLLER");
        if (tls == null) {
            props.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
            props.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
            props.setProperty("inter.broker.listener.name", "PLAINTEXT");
            props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            int internalPort = Ports.ephemeral();
            props.setProperty("listeners", "SSL://localhost:" + port + ",INTERNAL://localhost:" + internalPort
                + ",CONTROLLER://localhost:" + controllerPort);
            props.setProperty("advertised.listeners", "SSL://localhost:" + port + ",INTERNAL://localhost:" + internalPort);
            props.setProperty("inter.broker.listener.name", "INTERNAL");
            props.setProperty("listener.security.protocol.map", "SSL:SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.setProperty("ssl.keystore.type", "PKCS12");
            props.setProperty("ssl.keystore.location", tls.keystore().toString());
            props.setProperty("ssl.keystore.password", tls.keystorePassword());
            props.setProperty("ssl.truststore.type", "PKCS12");
            props.setProperty("ssl.truststore.location", tls.truststore().toString());
            props.setProperty("ssl.truststore.password", tls.truststorePassword());
        }
        props.setProperty("log.dirs", dataDir.toAbsolutePath().toString());
        props.setProperty("num.partitions", "3");
        props.setProperty("default.replication.factor", "1");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        return props;
    }
}
