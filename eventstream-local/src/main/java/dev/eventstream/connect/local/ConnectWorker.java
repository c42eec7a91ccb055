package dev.eventstream.connect.local;

import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distributed-mode Connect worker in this JVM, started as {@code connect-distributed.sh} starts one.
 * Connect would register its own JVM shutdown hook; it is kept from doing so, because hooks run in no set
 * order and the worker must stop before the broker it keeps its offsets in (else its stop waits for a broker
 * that is gone: 40+ s and "Failed to stop KafkaBasedLog"). The stack's one hook calls {@link #close()}.
 */
final class ConnectWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);

    private final Connect<DistributedHerder> connect;

    private ConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
    }

    static ConnectWorker start(Map<String, String> workerProps) {
        Exit.setShutdownHookAdder((name, hook) -> log.debug("Connect's shutdown hook {} left out: the stack stops the worker", name));
        try {
            return new ConnectWorker(new ConnectDistributed().startConnect(workerProps));
        } finally {
            Exit.resetShutdownHookAdder();
        }
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
        log.info("Connect worker stopped");
    }
}
