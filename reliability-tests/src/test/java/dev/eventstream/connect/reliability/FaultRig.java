package dev.eventstream.connect.reliability;

import dev.eventstream.connect.testing.HttpsReceiver;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a scenario runs against, started before its tests and closed after them: a {@link FaultCluster} of worker
 * JVMs and, when asked for, the endpoint's TLS receiver answering with an {@link EndpointPlan} (closed first).
 * Registered on a scenario as {@code @RegisterExtension static final FaultRig RIG = FaultRig.workers("name", 3)
 * .withReceiver();}.
 */
final class FaultRig implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final int workers;
    private final Map<String, String> workerOverrides;
    private final Supplier<HttpsReceiver> receiverFactory;
    private FaultCluster cluster;
    private HttpsReceiver receiver;

    private FaultRig(String name, int workers, Map<String, String> workerOverrides, Supplier<HttpsReceiver> receiverFactory) {
        this.name = name;
        this.workers = workers;
        this.workerOverrides = workerOverrides;
        this.receiverFactory = receiverFactory;
    }

    /** A cluster of {@code workers} worker JVMs, named {@code name} in its logs and directories. */
    static FaultRig workers(String name, int workers) {
        return new FaultRig(name, workers, Map.of(), null);
    }

    /** The same, with these settings added to every worker's properties. */
    FaultRig withWorkerSettings(Map<String, String> overrides) {
        return new FaultRig(name, workers, overrides, receiverFactory);
    }

    /** With the default TLS receiver. */
    FaultRig withReceiver() {
        return withReceiver(HttpsReceiver::start);
    }

    /** With the receiver {@code factory} starts. */
    FaultRig withReceiver(Supplier<HttpsReceiver> factory) {
        return new FaultRig(name, workers, workerOverrides, factory);
    }

    FaultCluster cluster() {
        return cluster;
    }

    HttpsReceiver receiver() {
        if (receiver == null) {
            throw new IllegalStateException("This rig has no receiver: register it withReceiver()");
        }
        return receiver;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = FaultCluster.start(name, workers, workerOverrides);
        if (receiverFactory != null) {
            receiver = receiverFactory.get();
            receiver.respondWith(new EndpointPlan());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (receiver != null) {
            receiver.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
