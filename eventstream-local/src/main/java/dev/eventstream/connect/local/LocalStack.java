package dev.eventstream.connect.local;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.eventstream.connect.control.plan.ApplyResult;
import dev.eventstream.connect.control.render.RenderResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack: starts its parts in dependency order and stops them in the reverse order (producer,
 * worker, receiver, brokers), so that the worker commits its offsets to a broker that is still there.
 */
final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** How long a stop waits, after the producer stopped, for the sinks' requests in flight: a linger and a request. */
    private static final Duration IN_FLIGHT_SETTLE = Duration.ofSeconds(1);

    private final StackOptions options;
    private final StackConsole console;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stack-status");
        thread.setDaemon(true);
        return thread;
    });
    private DemoReceiver receiver;
    private DemoProducer producer;
    private KafkaEndpointWatcher kafkaEndpoints;

    LocalStack(StackOptions options, StackConsole console) {
        this.options = options;
        this.console = console;
    }

    /** Starts every part; {@code state} is already opened (and reset) by the caller, before logging began. */
    void start(StateDirectory state, String bundleName) {
        PluginBundle bundle = PluginBundle.of(options.repository(), bundleName);
        requirePortsFree();
        log.info("Starting the local stack from {} (state in {})", options.repository(), state.root());

        // The platform's cluster needs nothing from the configuration: it starts while the rest is prepared.
        CompletableFuture<KraftBroker> platformCluster = CompletableFuture.supplyAsync(() ->
            KraftBroker.start("platform Kafka", state.platformKafka(), options.kafkaPort(), Ports.ephemeral(), null));
        String connectUrl = "http://localhost:" + options.connectPort();
        DemoConfigs.Prepared configs = new DemoConfigs(options.repository(), state,
            Set.of(VoiceTraffic.CALL_TOPIC, VoiceTraffic.AGENT_TOPIC))
            .write(connectUrl, "localhost:" + options.kafkaPort(), "localhost:" + options.customerKafkaPort(),
                "https://localhost:" + options.receiverPort(), options.demoEndpoints());
        RenderResult connectors = EndpointConnectors.render(configs.directory());
        log.info("Demo configuration written to {} and rendered: {} connectors", configs.directory(), connectors.connectors().size());
        DemoCertificates certificates = DemoCertificates.loadOrCreate(state, configs.truststorePassword());
        CompletableFuture<KraftBroker> customerCluster = options.demoEndpoints()
            ? CompletableFuture.supplyAsync(() -> KraftBroker.start("customer Kafka", state.customerKafka(),
                options.customerKafkaPort(), Ports.ephemeral(), certificates.kafkaListener()))
            : CompletableFuture.completedFuture(null);
        KraftBroker platform = started(joined(platformCluster));
        KraftBroker customer = joined(customerCluster);
        if (customer != null) {
            started(customer);
        }
        createVoiceTopics(platform.bootstrapServers());

        if (options.demoEndpoints()) {
            receiver = started(DemoReceiver.start(options.receiverPort(), certificates.serverContext(),
                configs.httpsEndpoints(), state.receiver(), this::firstEventDelivered));
            kafkaEndpoints = started(KafkaEndpointWatcher.start(customer.bootstrapServers(), certificates.kafkaListener(),
                configs.kafkaEndpoints()));
        }
        Map<String, String> workerProps = WorkerSettings.local(options.repository(), platform.bootstrapServers(),
            options.connectPort(), bundle, configs.directory());
        started(ConnectWorker.start(workerProps));
        // Stopping runs last-started first: the producer stops, then this pause lets the sinks settle the requests
        // still in flight, so that the worker's final offset commit covers them and a restart sends nothing twice.
        started(() -> Thread.sleep(IN_FLIGHT_SETTLE.toMillis()));
        ApplyResult applied = EndpointConnectors.apply(connectors, connectUrl, platform.bootstrapServers());
        if (options.producer()) {
            producer = started(DemoProducer.start(platform.bootstrapServers(),
                new VoiceTraffic(options.tenants(), System.nanoTime()), options.eventsPerSecond()));
        }
        console.banner(options, state, bundle, workerProps.get("rest.extension.classes"), configs, connectors, applied, receiver);
        status.scheduleAtFixedRate(this::printStatus, options.statusIntervalSeconds(), options.statusIntervalSeconds(), TimeUnit.SECONDS);
    }

    private static KraftBroker joined(CompletableFuture<KraftBroker> cluster) {
        try {
            return cluster.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void firstEventDelivered() {
        console.firstEvent();
    }

    private void printStatus() {
        List<String> lines = new ArrayList<>();
        String clock = LocalTime.now().format(CLOCK);
        if (producer != null) {
            lines.add(clock + " producer  " + producer.published() + " events published");
        }
        if (receiver != null) {
            receiver.statusLines().forEach(line -> lines.add(clock + " " + line));
        }
        if (kafkaEndpoints != null) {
            kafkaEndpoints.statusLines().forEach(line -> lines.add(clock + " " + line));
        }
        console.status(lines);
    }

    private void requirePortsFree() {
        Ports.requireFree(options.kafkaPort(), "the platform's Kafka broker", "--kafka-port");
        Ports.requireFree(options.connectPort(), "the Connect worker's REST API", "--connect-port");
        if (options.demoEndpoints()) {
            Ports.requireFree(options.customerKafkaPort(), "the demo customer's Kafka cluster", "--customer-kafka-port");
            Ports.requireFree(options.receiverPort(), "the demo HTTPS receiver", "--receiver-port");
        }
    }

    private static void createVoiceTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(VoiceTraffic.CALL_TOPIC, VoiceTraffic.AGENT_TOPIC)) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, 3, (short) 1));
                }
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackFailure("cannot create the voice topics: " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailure("interrupted while creating the voice topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StackFailure("the platform's Kafka broker did not answer within 30 s (see the logs in the state directory)", e);
        }
    }

    private <T extends AutoCloseable> T started(T part) {
        running.push(part);
        return part;
    }

    /** Stops what runs, last started first; a part that fails to stop does not keep the others running. */
    @Override
    public void close() {
        long began = System.nanoTime();
        boolean anythingRan = !running.isEmpty();
        status.shutdownNow();
        while (!running.isEmpty()) {
            AutoCloseable part = running.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly", part.getClass().getSimpleName(), e);
            }
        }
        if (anythingRan) {
            console.stopped(Duration.ofNanos(System.nanoTime() - began));
        }
    }
}
