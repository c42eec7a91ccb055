package dev.eventstream.connect.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an integration test class runs against, started before its tests: an embedded {@link ConnectClusterHarness}
 * and, when asked for, the endpoint's {@link HttpsReceiver}. Both live in the class's extension store, which closes
 * them after its tests, the receiver first. Registered as
 * {@code @RegisterExtension static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();}.
 */
public final class ConnectRig implements BeforeAllCallback {

    private final int workers;
    private final boolean receiverWanted;
    private ConnectClusterHarness cluster;
    private HttpsReceiver receiver;

    private ConnectRig(int workers, boolean receiverWanted) {
        this.workers = workers;
        this.receiverWanted = receiverWanted;
    }

    /** A KRaft broker and {@code workers} Connect workers in this JVM. */
    public static ConnectRig embedded(int workers) {
        return new ConnectRig(workers, false);
    }

    /** With a TLS receiver answering 200 ({@link HttpsReceiver#start()}). */
    public ConnectRig withReceiver() {
        return new ConnectRig(workers, true);
    }

    public ConnectClusterHarness cluster() {
        if (cluster == null) {
            throw new IllegalStateException("The rig starts before the tests of the class that registers it");
        }
        return cluster;
    }

    public KafkaTestClient kafka() {
        return cluster().kafka();
    }

    public ConnectRestClient rest() {
        return cluster().rest();
    }

    public HttpsReceiver receiver() {
        if (receiver == null) {
            throw new IllegalStateException("This rig has no receiver: register it withReceiver()");
        }
        return receiver;
    }

    /** Waits until the connector and exactly {@code tasks} tasks run, at most {@link ConnectClusterHarness#STARTUP_TIMEOUT}. */
    public void awaitRunning(String connector, int tasks) {
        rest().awaitRunning(connector, tasks, ConnectClusterHarness.STARTUP_TIMEOUT);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // JUnit closes what the class's store holds (AutoCloseable) after its tests, in reverse order.
        ExtensionContext.Store store = context.getStore(ExtensionContext.Namespace.create(ConnectRig.class));
        cluster = ConnectClusterHarness.embedded(workers);
        store.put("cluster", cluster);
        if (receiverWanted) {
            receiver = HttpsReceiver.start();
            store.put("receiver", receiver);
        }
    }
}
