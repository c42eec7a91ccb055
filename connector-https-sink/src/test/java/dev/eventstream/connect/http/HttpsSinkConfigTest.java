package dev.eventstream.connect.http;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpsSinkConfigTest {

    private static List<String> errors(Map<String, String> props, String key) {
        Config config = new HttpsSinkConnector().validate(props);
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void secretHeadersArePasswordsAndNoHeaderErrorQuotesAValue() {
        assertThat(HttpsSinkConfig.configDef().configKeys().get(HttpsSinkConfig.HTTP_HEADERS_SECRET).type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put(HttpsSinkConfig.HTTP_HEADERS_SECRET, "X-Api-Key:k3y-value");
        props.put(HttpsSinkConfig.HTTP_HEADERS, "X-Team:crm");
        assertThat(new HttpsSinkConfig(props).staticHeaders()).extracting(Map.Entry::getKey)
                .containsExactly("X-Team", "X-Api-Key");
        assertThat(new HttpsSinkConfig(props).toString()).doesNotContain("k3y-value");
        props.put(HttpsSinkConfig.HTTP_HEADERS, "x-api-key:other");
        assertThatThrownBy(() -> new HttpsSinkConfig(props).staticHeaders()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("both set header 'X-Api-Key'").hasMessageNotContaining("k3y-value");
        props.remove(HttpsSinkConfig.HTTP_HEADERS);
        props.put(HttpsSinkConfig.HTTP_HEADERS_SECRET, "X-Api-Key k3y-value");
        assertThatThrownBy(() -> new HttpsSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpsSinkConfig.HTTP_HEADERS_SECRET).hasMessageNotContaining("k3y-value");
        props.put(HttpsSinkConfig.HTTP_HEADERS_SECRET, "X-Api-Key:k3y\nvalue");
        assertThatThrownBy(() -> new HttpsSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("k3y");
    }

    @Test
    void aHeaderInBothListsIsReportedByValidateAgainstTheSecretList() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put(HttpsSinkConfig.HTTP_HEADERS, "X-Api-Key:plain");
        props.put(HttpsSinkConfig.HTTP_HEADERS_SECRET, "x-api-key:k3y-value");
        assertThat(errors(props, HttpsSinkConfig.HTTP_HEADERS_SECRET)).containsExactly("http.headers.secret and "
                + "http.headers both set header 'x-api-key'; keep it in http.headers.secret only");
        assertThatThrownBy(() -> new HttpsSinkConnector().start(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("both set header").hasMessageNotContaining("k3y-value");
    }

    @Test
    void parsedValuesAreParsedOnceAtConstruction() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("retry.statuses", "503, 429");
        props.put("tombstones", "DELIVER");
        HttpsSinkConfig config = new HttpsSinkConfig(props);
        assertThat(config.retryStatuses()).containsExactly(429, 503).isSameAs(config.retryStatuses());
        assertThat(config.staticHeaders()).isSameAs(config.staticHeaders());
        assertThat(config.tombstones()).isEqualTo(HttpsSinkConfig.TombstoneHandling.DELIVER);
    }

    @Test
    void aUsageTopicNeedsUsageBootstrapServersAndUsageSecretsArePasswords() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("usage.topic", "eventstream-usage");
        assertThat(errors(props, "usage.bootstrap.servers")).containsExactly("usage.bootstrap.servers is required "
                + "when usage.topic is set (eventstream-usage): set it to the usage cluster's host:port pairs, or empty "
                + "usage.topic to publish no usage");
        props.put("usage.bootstrap.servers", "kafka-1:9092");
        assertThat(errors(props, "usage.bootstrap.servers")).isEmpty();
        for (String secret : List.of("usage.sasl.jaas.config", "usage.ssl.truststore.password",
                "usage.ssl.keystore.password", "usage.ssl.key.password")) {
            assertThat(HttpsSinkConfig.configDef().configKeys().get(secret).type)
                    .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        }
    }

    @Test
    void urlForLogsHidesTheQueryAndUserInfo() {
        assertThat(HttpsSinkConfig.redact("https://user:pw@hooks.example:8443/a/b?token=s3cret"))
                .isEqualTo("https://hooks.example:8443/a/b?[hidden]");
        assertThat(HttpsSinkConfig.redact("https://hooks.example/a")).isEqualTo("https://hooks.example/a");
    }

    @Test
    void jsonValueEncodingNeedsAConverterThatLeavesJsonText() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("value.encoding", "json");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        assertThat(errors(props, "value.encoding")).singleElement().asString()
                .contains("value.encoding=json").contains("ByteArrayConverter").contains("JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        assertThat(errors(props, "value.encoding")).isEmpty();
    }

    @Test
    void plainHttpUrlIsRejectedNamingTheKey() {
        String message = "Invalid value http://hooks.example/x?[hidden] for configuration http.url: must use https: "
                + "plain http is refused, since bodies carry customer data and signatures";
        assertThatThrownBy(() -> new HttpsSinkConfig(Records.config("http://hooks.example/x?token=s3cret")))
                .isInstanceOf(ConfigException.class).hasMessage(message);
        assertThat(errors(Records.config("http://hooks.example/x?token=s3cret"), "http.url")).containsExactly(message);
    }

    @Test
    void defaultsAreSensible() {
        HttpsSinkConfig config = new HttpsSinkConfig(Records.config("https://hooks.example/x"));
        assertThat(config.method()).isEqualTo("POST");
        assertThat(config.bodyFormat()).isEqualTo(HttpsSinkConfig.BodyFormat.JSON_ARRAY);
        assertThat(config.gzip()).isTrue();
        assertThat(config.retryStatuses()).containsExactly(408, 425, 429, 500, 502, 503, 504);
        assertThat(config.tombstones()).isEqualTo(HttpsSinkConfig.TombstoneHandling.SKIP);
        assertThat(config.enabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Bad\r\nInjected:1", "Bad Name:v", "X-A:va\nlue", "X-A:v\rx", "(x):v", "NoColon"})
    void headerInjectionAndInvalidNamesAreRejected(String header) {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("http.headers", header);
        assertThatThrownBy(() -> new HttpsSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.headers");
        assertThat(errors(props, "http.headers")).isNotEmpty();
    }

    @Test
    void staticHeadersAreParsedAndReservedOnesRefused() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("http.headers", "X-Team:crm,X-Env: prod");
        assertThat(new HttpsSinkConfig(props).staticHeaders()).extracting(Map.Entry::getKey, Map.Entry::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("X-Team", "crm"),
                        org.assertj.core.groups.Tuple.tuple("X-Env", "prod"));
        props.put("http.headers", "Authorization:Bearer x");
        assertThatThrownBy(() -> new HttpsSinkConfig(props)).hasMessageContaining("must not set 'Authorization'");
    }

    @Test
    void oauth2WithoutTokenUrlIsReportedAgainstTheTokenUrlKey() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("auth.type", "oauth2");
        props.put("auth.oauth2.client.id", "es");
        props.put("auth.oauth2.client.secret", "s3cret-value");
        assertThat(errors(props, "auth.oauth2.token.url"))
                .containsExactly("auth.oauth2.token.url is required when auth.type=oauth2");
        assertThat(errors(props, "auth.oauth2.client.id")).isEmpty();
        assertThat(errors(props, "auth.oauth2.client.secret")).isEmpty();
    }

    @Test
    void crossFieldRulesNameTheirKeys() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("auth.type", "basic");
        props.put("batch.max.bytes", "2000000");
        props.put("http.max.request.bytes", "1000000");
        props.put("retry.backoff.initial.ms", "5000");
        props.put("retry.backoff.max.ms", "1000");
        assertThat(errors(props, "auth.basic.username")).containsExactly("auth.basic.username is required when auth.type=basic");
        assertThat(errors(props, "auth.basic.password")).containsExactly("auth.basic.password is required when auth.type=basic");
        assertThat(errors(props, "batch.max.bytes")).singleElement().asString().contains("must not exceed http.max.request.bytes");
        assertThat(errors(props, "retry.backoff.initial.ms")).singleElement().asString().contains("must not exceed retry.backoff.max.ms");
        assertThatThrownBy(() -> new HttpsSinkConnector().start(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.basic.username");
    }

    @Test
    void signingSecretMustBeWhsecBase64AndIsNeverEchoed() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("signing.secret", "whsec_not*base64!");
        List<String> messages = errors(props, "signing.secret");
        assertThat(messages).singleElement().asString().contains("signing.secret").doesNotContain("not*base64");
        props.put("signing.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(errors(props, "signing.secret")).isEmpty();
    }

    @Test
    void enumValuesAreCheckedAndRecommended() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("body.format", "xml");
        assertThat(errors(props, "body.format")).singleElement().asString()
                .startsWith("Invalid value xml for configuration body.format: String must be one of (case insensitive): ")
                .contains("JSON_ARRAY", "NDJSON", "SINGLE", "CLOUDEVENTS");
        Config config = new HttpsSinkConnector().validate(props);
        ConfigValue auth = config.configValues().stream().filter(v -> v.name().equals("auth.type")).findFirst().orElseThrow();
        assertThat(auth.recommendedValues()).containsExactly("none", "basic", "bearer", "oauth2");
    }

    @Test
    void validatorMessagesGiveTheReasonOnceAfterKafkasPrefix() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("http.proxy", "proxy.internal:99999");
        props.put("retry.statuses", "503,99");
        props.put("signing.secret", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[8]));
        assertThat(errors(props, "http.proxy")).containsExactly(
                "Invalid value proxy.internal:99999 for configuration http.proxy: the port must be 1-65535");
        assertThat(errors(props, "retry.statuses")).containsExactly(
                "Invalid value 99 for configuration retry.statuses: not an HTTP status: list statuses 100-599");
        assertThat(errors(props, "signing.secret")).containsExactly("Invalid value [hidden] for configuration "
                + "signing.secret: the key is 8 bytes: Standard Webhooks keys are 24 to 64 bytes");
    }

    @Test
    void enumValuesAreAcceptedInAnyCaseAsInTheKafkaSink() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("tombstones", "DELIVER");
        props.put("body.format", "NDJSON");
        props.put("ssl.truststore.type", "pem");
        HttpsSinkConfig config = new HttpsSinkConfig(props);
        assertThat(config.tombstones()).isEqualTo(HttpsSinkConfig.TombstoneHandling.DELIVER);
        assertThat(config.bodyFormat()).isEqualTo(HttpsSinkConfig.BodyFormat.NDJSON);
        assertThat(config.truststoreType()).isEqualTo("PEM");
    }

    @Test
    void singleFormatMeansOneRecordPerRequest() {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("body.format", "single");
        props.put("batch.max.records", "500");
        assertThat(new HttpsSinkConfig(props).batchMaxRecords()).isEqualTo(1);
    }

    @Test
    void taskConfigsAreOnePerTaskAndVersionIsFiltered() {
        HttpsSinkConnector connector = new HttpsSinkConnector();
        connector.start(Records.config("https://hooks.example/x"));
        assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(c -> assertThat(c).containsEntry("http.url", "https://hooks.example/x"));
        assertThat(connector.version()).isNotBlank().doesNotContain("${").isNotEqualTo("unknown");
    }
}
