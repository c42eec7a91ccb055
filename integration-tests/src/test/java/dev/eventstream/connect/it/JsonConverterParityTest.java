package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.filter.FieldFilter;
import dev.eventstream.connect.filter.FieldMatches;
import dev.eventstream.connect.json.JsonRenderer;
import dev.eventstream.connect.tenant.TenantRouter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The suite's transforms give the same results on values from the suite's {@code JsonConverter} as on values from
 * Kafka's {@code JsonConverter} ({@code schemas.enable=false}): same records kept and dropped, same tenant, same
 * JSON delivered (compared as trees, since Kafka's loses field order). Then the differences that are the point:
 * exact big numbers and decimals, and field order.
 */
class JsonConverterParityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOPIC = "voice-callthread";

    /** Events as the platform writes them: strings, integers, decimals, booleans, nulls, nesting, arrays, unicode. */
    private static final List<String> EVENTS = List.of(
        "{\"id\":\"EventEstablished\",\"tenant\":\"acme\",\"EventSequenceNumber\":1815,\"Priority\":3,"
            + "\"Score\":0.75,\"Recorded\":true,\"Note\":null,\"ANI\":\"+4930123456\",\"DNIS\":\"+18005550199\","
            + "\"UserData\":{\"CreditCard\":\"4111111111111111\",\"Language\":\"en\",\"Balance\":1523.5},"
            + "\"Extensions\":{\"CustomerEmail\":\"customer@mail.example\",\"Queue\":\"support\",\"Attempts\":2},"
            + "\"Parties\":[{\"number\":\"1001\",\"role\":\"agent\"},{\"number\":\"+4930123456\",\"role\":\"caller\"}]}",
        "{\"id\":\"EventRinging\",\"tenant\":\"globex\",\"EventSequenceNumber\":-7,\"Priority\":0,\"Score\":-12.25,"
            + "\"Recorded\":false,\"ANI\":\"anonymous\",\"UserData\":{\"Language\":\"日本語 😀\"},\"Parties\":[]}",
        "{\"id\":\"EventReleased\",\"tenant\":\"acme\",\"EventSequenceNumber\":9223372036854775807,\"Score\":1e2,"
            + "\"ANI\":\"\",\"UserData\":{},\"Extensions\":{\"CustomerEmail\":\"a\\u00e9@b.example\",\"Attempts\":-1}}",
        "{\"id\":\"EventHeld\",\"tenant\":\"ACME\",\"EventSequenceNumber\":0,\"Priority\":3,\"ANI\":null,"
            + "\"UserData\":{\"CreditCard\":null},\"Parties\":[{\"role\":\"agent\"}]}",
        "{\"id\":\"EventAgentReady\",\"tenant\":\"acme\",\"Priority\":-2147483649,\"Score\":0.5}");

    static Stream<Arguments> converters() {
        return Stream.of(Arguments.of("Kafka's JsonConverter", kafkaConverter()),
                Arguments.of("the suite's JsonConverter", suiteConverter()));
    }

    private static Converter kafkaConverter() {
        Converter converter = new org.apache.kafka.connect.json.JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        return converter;
    }

    private static Converter suiteConverter() {
        Converter converter = new dev.eventstream.connect.json.converter.JsonConverter();
        converter.configure(Map.of(), false);
        return converter;
    }

    /** The outcome of a chain on every event: delivered JSON (as a tree) with its tenant, or "dropped". */
    private static List<String> outcomes(Converter converter, List<Transformation<SinkRecord>> chain,
                                         Predicate<SinkRecord> keep) throws IOException {
        List<String> outcomes = new ArrayList<>();
        int offset = 0;
        for (String event : EVENTS) {
            SinkRecord record = record(converter, event, offset++);
            for (Transformation<SinkRecord> transformation : chain) {
                record = record == null ? null : transformation.apply(record);
            }
            if (record == null || (keep != null && !keep.test(record))) {
                outcomes.add("dropped");
                continue;
            }
            JsonNode tree = MAPPER.readTree(JsonRenderer.INSTANCE.toBytes(record.valueSchema(), record.value()));
            String tenant = record.headers().lastWithName("eventstream.tenant") == null ? "-"
                    : String.valueOf(record.headers().lastWithName("eventstream.tenant").value());
            outcomes.add(tenant + " " + canonical(tree));
        }
        return outcomes;
    }

    private static SinkRecord record(Converter converter, String json, int offset) {
        String tenant = tenantOf(json);
        SchemaAndValue value = converter.toConnectData(TOPIC, json.getBytes(StandardCharsets.UTF_8));
        return new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, tenant + ":call-" + offset, value.schema(), value.value(),
                offset, 1L, TimestampType.CREATE_TIME, new ConnectHeaders());
    }

    private static String tenantOf(String json) {
        try {
            return MAPPER.readTree(json).get("tenant").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tree's text with object fields sorted, so that Kafka's HashMaps and our LinkedHashMaps compare. */
    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                sb.append(name).append('=').append(canonical(node.get(name))).append(',');
            }
            return sb.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            node.forEach(element -> sb.append(canonical(element)).append(','));
            return sb.append(']').toString();
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        return node.toString();
    }

    private static TenantRouter<SinkRecord> tenantRouter(Map<String, String> config) {
        TenantRouter<SinkRecord> router = new TenantRouter<>();
        router.configure(config);
        return router;
    }

    private static FieldFilter<SinkRecord> pii() {
        FieldFilter<SinkRecord> filter = new FieldFilter.Value<>();
        filter.configure(Map.of("fields.drop", "UserData.CreditCard,Parties.*.number",
                "fields.mask", "ANI,DNIS,UserData.Balance,Extensions.Attempts,Score",
                "fields.hash", "Extensions.CustomerEmail,EventSequenceNumber",
                "fields.hash.secret", "pseudonymization-secret"));
        return filter;
    }

    private static FieldMatches<SinkRecord> matches(String field, String values, String patterns) {
        FieldMatches<SinkRecord> predicate = new FieldMatches<>();
        predicate.configure(Map.of("field", field, "values", values, "patterns", patterns));
        return predicate;
    }

    private static List<String> expected(List<Transformation<SinkRecord>> chain, Predicate<SinkRecord> keep)
            throws IOException {
        return outcomes(kafkaConverter(), chain, keep);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("converters")
    void tenantRouterOnTheKeyKeepsAndDropsTheSameRecords(String name, Converter converter) throws IOException {
        List<Transformation<SinkRecord>> chain = List.of(tenantRouter(Map.of("tenant.source", "key",
                "tenant.template", "{tenant_id}:{callthread_id}", "tenant.allowed", "acme")));
        List<String> outcomes = outcomes(converter, chain, null);
        assertThat(outcomes).isEqualTo(expected(chain, null));
        assertThat(outcomes).filteredOn("dropped"::equals).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("converters")
    void tenantRouterOnAValueFieldFindsTheSameTenants(String name, Converter converter) throws IOException {
        List<Transformation<SinkRecord>> chain = List.of(tenantRouter(Map.of("tenant.source", "value",
                "tenant.field", "tenant")));
        List<String> outcomes = outcomes(converter, chain, null);
        assertThat(outcomes).isEqualTo(expected(chain, null));
        assertThat(outcomes).extracting(outcome -> outcome.split(" ")[0])
                .containsExactly("acme", "globex", "acme", "ACME", "acme");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("converters")
    void fieldMatchesSelectsTheSameEventsByNameGlobAndNumber(String name, Converter converter) throws IOException {
        for (FieldMatches<SinkRecord> predicate : List.of(matches("id", "EventEstablished", "EventRel*"),
                matches("Priority", "3,-2147483649", ""), matches("Score", "0.75,0.5", "-12.*"),
                matches("Extensions.Attempts", "2", ""), matches("UserData.Language", "", "日本*"))) {
            List<String> outcomes = outcomes(converter, List.of(), predicate);
            assertThat(outcomes).as("%s", predicate).isEqualTo(expected(List.of(), predicate));
            assertThat(outcomes).as("%s selects something and drops something", predicate)
                    .contains("dropped").anyMatch(outcome -> !outcome.equals("dropped"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("converters")
    void theWholeChainDeliversTheSameJson(String name, Converter converter) throws IOException {
        List<Transformation<SinkRecord>> chain = List.of(tenantRouter(Map.of("tenant.source", "key",
                "tenant.template", "{tenant_id}:{callthread_id}", "tenant.allowed", "acme,ACME,globex")), pii());
        List<String> outcomes = outcomes(converter, chain, matches("id", "", "Event*"));
        assertThat(outcomes).isEqualTo(expected(chain, matches("id", "", "Event*")));
        assertThat(String.join("\n", outcomes)).doesNotContain("4111111111111111", "+4930123456",
                "customer@mail.example", "1523.5");
    }

    @Test
    void whereTheyDifferOursIsExactAndKeepsTheOrder() throws IOException {
        String event = "{\"id\":\"EventEstablished\",\"CallId\":12345678901234567890123,\"Amount\":19.90,"
                + "\"Rate\":0.1000000000000000055511151231257827021181583404541015625,\"Zeta\":1,\"Alpha\":2}";
        SchemaAndValue kafka = kafkaConverter().toConnectData(TOPIC, event.getBytes(StandardCharsets.UTF_8));
        SchemaAndValue ours = suiteConverter().toConnectData(TOPIC, event.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(JsonRenderer.INSTANCE.toBytes(null, ours.value()), StandardCharsets.UTF_8))
                .isEqualTo(event);
        Map<?, ?> kafkaValue = (Map<?, ?>) kafka.value();
        assertThat(kafkaValue.get("CallId")).isEqualTo(4807115922877859019L);
        assertThat(kafkaValue.get("Amount")).isEqualTo(19.9d);
        assertThat(kafkaValue.get("Rate")).isEqualTo(0.1d);
        assertThat(((Map<?, ?>) ours.value()).get("Amount")).isEqualTo(new BigDecimal("19.90"));

        // FieldMatches compares the written text: ours sees 19.90 as written, Kafka's sees 19.9
        SinkRecord kafkaRecord = new SinkRecord(TOPIC, 0, null, "acme:1", null, kafka.value(), 0);
        SinkRecord ourRecord = new SinkRecord(TOPIC, 0, null, "acme:1", null, ours.value(), 0);
        assertThat(matches("Amount", "19.90", "").test(ourRecord)).isTrue();
        assertThat(matches("Amount", "19.90", "").test(kafkaRecord)).isFalse();
        assertThat(matches("CallId", "12345678901234567890123", "").test(ourRecord)).isTrue();
        assertThat(matches("CallId", "12345678901234567890123", "").test(kafkaRecord)).isFalse();
    }
}
