package dev.eventstream.connect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChainConfigTest {

    private static HttpsReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = HttpsReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void listsTheTransformsAndPredicatesInChainOrderWithTheirPrefixedSettings() {
        Map<String, String> config = ChainConfig.httpsSink("voice")
            .transform("tenant", ChainConfig.TENANT_ROUTER, Map.of("tenant.source", "key"))
            .keepOnly("primaryRegion", "inPrimaryRegion", ChainConfig.IN_PRIMARY_REGION, Map.of("region.local", "eu-west"))
            .keepOnly("onlyAcme", "isAcme", ChainConfig.TENANT_MATCHES, Map.of("tenants", "acme"))
            .build();

        assertThat(config).contains(
            entry("connector.class", ChainConfig.HTTPS_SINK), entry("topics", "voice"), entry("tasks.max", "1"),
            entry("key.converter", ChainConfig.STRING_CONVERTER), entry("consumer.override.auto.offset.reset", "earliest"),
            entry("transforms", "tenant,primaryRegion,onlyAcme"),
            entry("transforms.tenant.type", ChainConfig.TENANT_ROUTER), entry("transforms.tenant.tenant.source", "key"),
            entry("transforms.primaryRegion.type", "org.apache.kafka.connect.transforms.Filter"),
            entry("transforms.primaryRegion.predicate", "inPrimaryRegion"), entry("transforms.primaryRegion.negate", "true"),
            entry("predicates", "inPrimaryRegion,isAcme"),
            entry("predicates.inPrimaryRegion.type", ChainConfig.IN_PRIMARY_REGION),
            entry("predicates.inPrimaryRegion.region.local", "eu-west"), entry("predicates.isAcme.tenants", "acme"));
    }

    @Test
    void aSinkWithoutTransformsHasNoTransformOrPredicateList() {
        Map<String, String> config = ChainConfig.kafkaSink("voice").tasks(3).deadLetterQueue("dlq")
            .retryForever(Duration.ofMillis(500)).build();

        assertThat(config).doesNotContainKeys("transforms", "predicates").contains(entry("tasks.max", "3"),
            entry("errors.tolerance", "all"), entry("errors.deadletterqueue.topic.name", "dlq"),
            entry("errors.deadletterqueue.context.headers.enable", "true"),
            entry("errors.retry.timeout", "-1"), entry("errors.retry.delay.max.ms", "500"));
    }

    @Test
    void trustsTheReceiverFromAPemFileWithoutAPasswordAndFromAKeystoreWithOne() {
        Map<String, String> pem = ChainConfig.httpsSink("voice").deliverTo(receiver, "/acme").build();
        Map<String, String> jks = ChainConfig.httpsSink("voice").deliverTo(receiver, "/acme", TestCertificates.StoreType.JKS).build();

        assertThat(pem).contains(entry("http.url", receiver.url("/acme")), entry("ssl.truststore.type", "PEM"),
            entry("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString()))
            .doesNotContainKey("ssl.truststore.password");
        assertThat(jks).contains(entry("ssl.truststore.type", "JKS"), entry("ssl.truststore.password", TestCertificates.PASSWORD));
    }

    @Test
    void eachBuildIsANewMutableMap() {
        ChainConfig chain = ChainConfig.httpsSink("voice");
        Map<String, String> first = chain.build();
        first.put("tasks.max", "9");

        assertThat(chain.build()).containsEntry("tasks.max", "1").isNotSameAs(first);
    }
}
