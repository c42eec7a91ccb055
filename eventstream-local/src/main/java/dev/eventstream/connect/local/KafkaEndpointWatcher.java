package dev.eventstream.connect.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the Kafka endpoints deliver to the demo customer cluster, as the customer's consumer would, and
 * tallies it for the status lines: events, tenants seen, PII in clear.
 */
final class KafkaEndpointWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEndpointWatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, EndpointTally> tallyByTopic;
    private final Thread thread;

    private KafkaEndpointWatcher(String bootstrapServers, KraftBroker.TlsListener tls, Map<String, EndpointTally> tallyByTopic) {
        this.tallyByTopic = tallyByTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, "eventstream-local-demo-customer",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
            ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000",
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12",
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore().toString(),
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.truststorePassword()), new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::run, "demo-customer-consumer");
        this.thread.setDaemon(true);
    }

    static KafkaEndpointWatcher start(String bootstrapServers, KraftBroker.TlsListener tls, List<DemoConfigs.KafkaEndpoint> endpoints) {
        Map<String, EndpointTally> tallies = new java.util.LinkedHashMap<>();
        for (DemoConfigs.KafkaEndpoint endpoint : endpoints) {
            tallies.put(endpoint.topic(), new EndpointTally(endpoint.label(),
                "topic " + endpoint.topic() + " (" + endpoint.compression() + ")"));
        }
        KafkaEndpointWatcher watcher = new KafkaEndpointWatcher(bootstrapServers, tls, tallies);
        watcher.thread.start();
        return watcher;
    }

    List<String> statusLines() {
        List<String> lines = new ArrayList<>();
        tallyByTopic.values().forEach(tally -> lines.add(tally.line()));
        return lines;
    }

    private void run() {
        try {
            consumer.subscribe(tallyByTopic.keySet());
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    tally(record);
                }
            }
        } catch (WakeupException e) {
            log.debug("Demo customer consumer woken up to stop");
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void tally(ConsumerRecord<String, String> record) {
        EndpointTally tally = tallyByTopic.get(record.topic());
        String tenant = null;
        if (record.value() != null) {
            try {
                JsonNode event = JSON.readTree(record.value());
                tenant = event.path("tenantId").isTextual() ? event.path("tenantId").asText() : null;
            } catch (IOException e) {
                log.warn("Demo customer topic {}: a value that is not JSON at offset {}", record.topic(), record.offset());
            }
        }
        tally.event(tenant, record.value() == null ? 0 : PiiDetector.count(record.value()));
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5000);
    }
}
