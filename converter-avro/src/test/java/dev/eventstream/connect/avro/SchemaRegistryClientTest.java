package dev.eventstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryClientTest {

    private static final Schema SCHEMA = SchemaBuilder.record("Ping").namespace("test")
            .fields().requiredString("message").endRecord();

    private RegistryStub registry;

    @BeforeEach
    void start() throws Exception {
        registry = RegistryStub.http();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private SchemaRegistryClient client(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(AvroConverterConfig.REGISTRY_URL, registry.url());
        config.put(AvroConverterConfig.REGISTRY_RETRY_BACKOFF_MS, 1L);
        config.put(AvroConverterConfig.REGISTRY_RETRY_BACKOFF_MAX_MS, 4L);
        config.putAll(extra);
        return new SchemaRegistryClient(new AvroConverterConfig(config));
    }

    @Test
    void fetchesSchemaByIdOnceAndCachesIt() {
        registry.register(7, SCHEMA);
        SchemaRegistryClient client = client(Map.of());

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(client.schemaById(7)).isSameAs(client.schemaById(7));
        assertThat(client.idOf(SCHEMA)).isEqualTo(7);
        assertThat(registry.requests()).containsExactly("GET /schemas/ids/7");
    }

    @Test
    void cacheIsBoundedAndEvictsTheLeastRecentlyUsedId() {
        registry.register(1, SCHEMA).register(2, SCHEMA).register(3, SCHEMA);
        SchemaRegistryClient client = client(Map.of(AvroConverterConfig.REGISTRY_CACHE_SIZE, 2));

        client.schemaById(1);
        client.schemaById(2);
        client.schemaById(1);
        client.schemaById(3);
        client.schemaById(1);
        client.schemaById(2);

        assertThat(client.cachedSchemas()).isEqualTo(2);
        assertThat(registry.requests()).containsExactly("GET /schemas/ids/1", "GET /schemas/ids/2",
                "GET /schemas/ids/3", "GET /schemas/ids/2");
    }

    @Test
    void sendsBasicAuthenticationFromUserInfo() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8));
        registry.register(7, SCHEMA).requireAuthorization(expected);

        SchemaRegistryClient client = client(Map.of(AvroConverterConfig.REGISTRY_BASIC_AUTH_USER_INFO, "svc:s3cret"));

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(registry.authorizations()).containsExactly(expected);
    }

    @Test
    void rejectedCredentialsAreNotRetriedAndNotEchoed() {
        registry.register(7, SCHEMA).requireAuthorization("Basic other");
        SchemaRegistryClient client = client(Map.of(AvroConverterConfig.REGISTRY_BASIC_AUTH_USER_INFO, "svc:s3cret"));

        assertThatThrownBy(() -> client.schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("s3cret");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void retriesServerErrorsAndTooManyRequestsThenSucceeds() {
        registry.register(7, SCHEMA).failNext(503, 429, 500);

        assertThat(client(Map.of(AvroConverterConfig.REGISTRY_RETRIES, 3)).schemaById(7)).isEqualTo(SCHEMA);
        assertThat(registry.requests()).hasSize(4);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        registry.register(7, SCHEMA).failNext(503, 503, 503);
        SchemaRegistryClient client = client(Map.of(AvroConverterConfig.REGISTRY_RETRIES, 2));

        assertThatThrownBy(() -> client.schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("unavailable")
                .hasMessageContaining("3 time(s)")
                .hasMessageContaining("HTTP 503");
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void unknownIdIsNotRetried() {
        SchemaRegistryClient client = client(Map.of(AvroConverterConfig.REGISTRY_RETRIES, 5));

        assertThatThrownBy(() -> client.schemaById(99))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("schema id 99")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("40403");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void connectionRefusedIsRetriedOnEveryConfiguredUrlThenReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.register(7, SCHEMA);
        String deadUrl = "http://localhost:" + closedPort;

        SchemaRegistryClient failover = client(Map.of(AvroConverterConfig.REGISTRY_URL, deadUrl + "," + registry.url(),
                AvroConverterConfig.REGISTRY_RETRIES, 1));
        assertThat(failover.schemaById(7)).isEqualTo(SCHEMA);

        SchemaRegistryClient dead = client(Map.of(AvroConverterConfig.REGISTRY_URL, deadUrl,
                AvroConverterConfig.REGISTRY_RETRIES, 2));
        assertThatThrownBy(() -> dead.schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unavailable")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void followsSchemaReferences() {
        String money = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"shared\",\"fields\":"
                + "[{\"name\":\"cents\",\"type\":\"long\"}]}";
        String invoice = "{\"type\":\"record\",\"name\":\"Invoice\",\"namespace\":\"billing\",\"fields\":"
                + "[{\"name\":\"total\",\"type\":\"shared.Money\"}]}";
        registry.registerSubjectVersion("shared.Money", 3, money)
                .register(11, new RegistryStub.Entry(invoice, "AVRO", List.<String[]>of(
                        new String[] {"shared.Money", "shared.Money", "3"})));

        Schema schema = client(Map.of()).schemaById(11);

        assertThat(schema.getField("total").schema().getFullName()).isEqualTo("shared.Money");
        assertThat(registry.requests()).containsExactly("GET /schemas/ids/11", "GET /subjects/shared.Money/versions/3");
    }

    @Test
    void rejectsNonAvroSchemas() {
        registry.register(5, new RegistryStub.Entry("{\"type\":\"object\"}", "JSON", List.of()));

        assertThatThrownBy(() -> client(Map.of()).schemaById(5))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("JSON schema, not Avro");
    }

    @Test
    void rejectsInvalidAvroFromTheRegistry() {
        registry.register(5, new RegistryStub.Entry("{\"type\":\"recrod\"}", null, List.of()));

        assertThatThrownBy(() -> client(Map.of()).schemaById(5))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 5")
                .hasMessageContaining("not a valid Avro schema");
    }

    @Test
    void verifiesTheRegistryCertificateAgainstTheConfiguredTruststore(@TempDir Path dir) throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        try (RegistryStub secure = RegistryStub.https(tls.serverContext())) {
            secure.register(7, SCHEMA);
            Map<String, Object> trusted = Map.of(
                    AvroConverterConfig.REGISTRY_URL, secure.url(),
                    AvroConverterConfig.TRUSTSTORE_LOCATION, tls.truststore.toString(),
                    AvroConverterConfig.TRUSTSTORE_PASSWORD, TlsFixture.PASSWORD);

            assertThat(client(trusted).schemaById(7)).isEqualTo(SCHEMA);

            SchemaRegistryClient untrusted = client(Map.of(AvroConverterConfig.REGISTRY_URL, secure.url(),
                    AvroConverterConfig.REGISTRY_RETRIES, 0));
            assertThatThrownBy(() -> untrusted.schemaById(7))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void verifiesTheRegistryCertificateAgainstAPemTruststore(@TempDir Path dir) throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        try (RegistryStub secure = RegistryStub.https(tls.serverContext())) {
            secure.register(7, SCHEMA);
            Map<String, Object> trusted = Map.of(
                    AvroConverterConfig.REGISTRY_URL, secure.url(),
                    AvroConverterConfig.TRUSTSTORE_LOCATION, tls.certificate.toString(),
                    AvroConverterConfig.TRUSTSTORE_TYPE, "PEM");

            assertThat(client(trusted).schemaById(7)).isEqualTo(SCHEMA);
        }
    }

    @Test
    void unreadableTruststoreIsAConfigErrorNamingTheKey(@TempDir Path dir) {
        Map<String, Object> config = Map.of(AvroConverterConfig.TRUSTSTORE_LOCATION, dir.resolve("missing.p12").toString());

        assertThatThrownBy(() -> client(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + dir.resolve("missing.p12") + " for configuration "
                        + "schema.registry.ssl.truststore.location: cannot load the PKCS12 trust store "
                        + "(NoSuchFileException: " + dir.resolve("missing.p12") + "): check the file, its type and "
                        + "schema.registry.ssl.truststore.password");
    }
}
