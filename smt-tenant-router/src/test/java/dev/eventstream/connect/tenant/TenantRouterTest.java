package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.EventStreamHeaders;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantRouterTest {

    private static final String COORDINATES = "(topic voice-callthread, partition 2, offset 1815)";

    private static final Schema TENANT_SCHEMA = SchemaBuilder.struct().name("Tenant")
            .field("ccid", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema EVENT_SCHEMA = SchemaBuilder.struct().name("Event")
            .field("CustomerID", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tenant", SchemaBuilder.struct().name("Tenant").field("ccid", Schema.OPTIONAL_STRING_SCHEMA)
                    .optional().build())
            .field("Flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("Number", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private final List<TenantRouter<SinkRecord>> routers = new ArrayList<>();

    @AfterEach
    void close() {
        routers.forEach(TenantRouter::close);
    }

    private TenantRouter<SinkRecord> router(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        TenantRouter<SinkRecord> router = new TenantRouter<>();
        routers.add(router);
        router.configure(props);
        return router;
    }

    private static String tenantOf(SinkRecord record) {
        assertThat(record).isNotNull();
        List<Header> tenantHeaders = new ArrayList<>();
        record.headers().allWithName(EventStreamHeaders.TENANT).forEachRemaining(tenantHeaders::add);
        assertThat(tenantHeaders).hasSize(1);
        assertThat(tenantHeaders.get(0).schema()).isEqualTo(Schema.STRING_SCHEMA);
        return (String) tenantHeaders.get(0).value();
    }

    private static SinkRecord keyed(Object key) {
        return SinkRecords.on("voice-callthread").key(key instanceof String ? Schema.OPTIONAL_STRING_SCHEMA : null, key)
                .value(null, Map.of("id", "EventRinging")).build();
    }

    private static SinkRecord valued(Schema schema, Object value) {
        return SinkRecords.on("voice-callthread").key("acme:1").value(schema, value).build();
    }

    private static Struct event(String customerId, String ccid) {
        Struct event = new Struct(EVENT_SCHEMA).put("CustomerID", customerId);
        if (ccid != null) {
            event.put("tenant", new Struct(EVENT_SCHEMA.field("tenant").schema()).put("ccid", ccid));
        }
        return event;
    }

    @Nested
    class FromKey {
        private final TenantRouter<SinkRecord> router = router("tenant.source", "key",
                "tenant.template", "{tenant_id}:{agent_id}");

        @Test
        void readsTheTenantFromTheKeyTemplate() {
            assertThat(tenantOf(router.apply(keyed("acme:agent-7")))).isEqualTo("acme");
        }

        @Test
        void keepsEverythingElseOfTheRecord() {
            SinkRecord input = SinkRecords.on("voice-callthread").key("acme:7").value(EVENT_SCHEMA, event("x", null))
                    .header("trace", "abc").build();

            SinkRecord output = router.apply(input);

            assertThat(output.topic()).isEqualTo("voice-callthread");
            assertThat(output.kafkaPartition()).isEqualTo(2);
            assertThat(output.kafkaOffset()).isEqualTo(1815L);
            assertThat(output.key()).isEqualTo("acme:7");
            assertThat(output.valueSchema()).isSameAs(EVENT_SCHEMA);
            assertThat(output.value()).isSameAs(input.value());
            assertThat(output.timestamp()).isEqualTo(input.timestamp());
            assertThat(output.headers().lastWithName("trace").value()).isEqualTo("abc");
            assertThat(input.headers().lastWithName(EventStreamHeaders.TENANT)).as("input not mutated").isNull();
        }

        @Test
        void aKeyNotMatchingTheTemplateFailsWithCoordinates() {
            assertThatThrownBy(() -> router.apply(keyed("acme")))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(COORDINATES)
                    .hasMessageContaining("{tenant_id}:{agent_id}")
                    .hasMessageContaining("tenant.missing.policy=drop");
        }

        @Test
        void aMissingKeyFails() {
            assertThatThrownBy(() -> router.apply(keyed(null)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(COORDINATES)
                    .hasMessageContaining("has no key");
        }

        @Test
        void readsTheTenantFromAByteKeyAndLeavesItsBytesAsTheyAre() {
            // ByteArrayConverter keys (the demux): the tenant is read as UTF-8 text, the rest may be any bytes
            byte[] key = {'a', 'c', 'm', 'e', ':', (byte) 0xC3, 0x28, (byte) 0xFF};

            SinkRecord output = router.apply(keyed(key.clone()));

            assertThat(tenantOf(output)).isEqualTo("acme");
            assertThat((byte[]) output.key()).containsExactly(key);
        }

        @Test
        void aByteKeyWhoseTenantIsNotUtf8Fails() {
            assertThatThrownBy(() -> router.apply(keyed(new byte[] {'a', (byte) 0xFF, ':', '7'})))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(COORDINATES)
                    .hasMessageContaining("not UTF-8");
        }

        @Test
        void aNonStringKeyFails() {
            assertThatThrownBy(() -> router.apply(keyed(42)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("the key is a Integer, not a string");
        }

        @Test
        void anEmptyTenantInTheKeyFails() {
            assertThatThrownBy(() -> router.apply(keyed(":agent-7")))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(COORDINATES);
        }

        @Test
        void malformedRecordsAreDroppedWhenConfigured() {
            TenantRouter<SinkRecord> dropping = router("tenant.source", "key",
                    "tenant.template", "{tenant_id}:{agent_id}", "tenant.missing.policy", "drop");

            assertThat(dropping.apply(keyed("acme"))).isNull();
            assertThat(dropping.apply(keyed(null))).isNull();
            assertThat(dropping.apply(keyed(new byte[] {1, 2}))).isNull();
            assertThat(tenantOf(dropping.apply(keyed("acme:1")))).isEqualTo("acme");
        }

        @Test
        void replacesAnUpstreamTenantHeader() {
            SinkRecord spoofed = SinkRecords.on("voice-callthread").key("acme:1")
                    .header(EventStreamHeaders.TENANT, "globex").build();

            assertThat(tenantOf(router.apply(spoofed))).isEqualTo("acme");
        }
    }

    @Nested
    class FromValue {

        @Test
        void readsATopLevelFieldOfAMap() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "CustomerID");

            assertThat(tenantOf(router.apply(valued(null, Map.of("CustomerID", "acme"))))).isEqualTo("acme");
        }

        @Test
        void readsATopLevelFieldOfAStruct() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "CustomerID");

            assertThat(tenantOf(router.apply(valued(EVENT_SCHEMA, event("acme", null))))).isEqualTo("acme");
        }

        @Test
        void readsANestedFieldOfAMapAndOfAStruct() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "tenant.ccid");

            assertThat(tenantOf(router.apply(valued(null, Map.of("tenant", Map.of("ccid", "globex"))))))
                    .isEqualTo("globex");
            assertThat(tenantOf(router.apply(valued(EVENT_SCHEMA, event(null, "globex"))))).isEqualTo("globex");
        }

        @Test
        void readsAnIntegralFieldAsItsText() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "Number");

            assertThat(tenantOf(router.apply(valued(null, Map.of("Number", 12345L))))).isEqualTo("12345");
            assertThat(tenantOf(router.apply(valued(EVENT_SCHEMA, event("x", null).put("Number", 7L)))))
                    .isEqualTo("7");
        }

        @Test
        void aMissingFieldFails() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "tenant.ccid");

            assertThatThrownBy(() -> router.apply(valued(null, Map.of("CustomerID", "acme"))))
                    .isInstanceOf(DataException.class).hasMessageContaining(COORDINATES)
                    .hasMessageContaining("no field 'tenant.ccid'");
            assertThatThrownBy(() -> router.apply(valued(EVENT_SCHEMA, event("acme", null))))
                    .isInstanceOf(DataException.class).hasMessageContaining("no field 'tenant.ccid'");
        }

        @Test
        void aTombstoneFails() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "CustomerID");

            assertThatThrownBy(() -> router.apply(valued(null, null)))
                    .isInstanceOf(DataException.class).hasMessageContaining(COORDINATES)
                    .hasMessageContaining("tombstone");
        }

        @Test
        void aNonStringFieldFails() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "Flag");

            assertThatThrownBy(() -> router.apply(valued(null, Map.of("Flag", true))))
                    .isInstanceOf(DataException.class).hasMessageContaining("field 'Flag' is a Boolean, not a string");
            assertThatThrownBy(() -> router.apply(valued(null, Map.of("Flag", new byte[] {97}))))
                    .isInstanceOf(DataException.class).hasMessageContaining("is a byte[], not a string");
        }

        @Test
        void aValueThatIsNotAStructOrMapFails() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "CustomerID");

            assertThatThrownBy(() -> router.apply(valued(Schema.STRING_SCHEMA, "{\"CustomerID\":\"acme\"}")))
                    .isInstanceOf(DataException.class).hasMessageContaining("the value is a String, not a Struct or Map");
        }

        @Test
        void aPathThroughAScalarFails() {
            TenantRouter<SinkRecord> router = router("tenant.source", "value", "tenant.field", "tenant.ccid");

            assertThatThrownBy(() -> router.apply(valued(null, Map.of("tenant", "acme"))))
                    .isInstanceOf(DataException.class).hasMessageContaining(COORDINATES)
                    .hasMessageContaining("tenant.ccid");
        }
    }

    @Nested
    class FromHeader {
        private final TenantRouter<SinkRecord> router = router("tenant.source", "header", "tenant.header", "x-tenant");

        private SinkRecord withHeader(Object value) {
            return SinkRecords.on("voice-callthread").key("k").header("x-tenant", value).build();
        }

        @Test
        void readsStringAndByteHeaders() {
            assertThat(tenantOf(router.apply(withHeader("acme")))).isEqualTo("acme");
            assertThat(tenantOf(router.apply(withHeader("0042")))).isEqualTo("0042");
            assertThat(tenantOf(router.apply(withHeader("0042".getBytes(StandardCharsets.UTF_8))))).isEqualTo("0042");
        }

        /** Connect's default header converter reads 0042, +42 and 4.2e1 as the number 42: never tenant 42. */
        @ParameterizedTest
        @ValueSource(strings = {"0042", "+42", "4.2e1", "42"})
        void aHeaderAConverterTurnedIntoANumberFailsEvenWhenMissingTenantsAreDropped(String text) {
            TenantRouter<SinkRecord> dropping = router("tenant.source", "header", "tenant.header", "x-tenant",
                    "tenant.missing.policy", "drop");
            Object parsed = new SimpleHeaderConverter().toConnectHeader("voice-callthread", "x-tenant",
                    text.getBytes(StandardCharsets.UTF_8)).value();

            assertThatThrownBy(() -> dropping.apply(withHeader(parsed)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(COORDINATES)
                    .hasMessageContaining("header.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
        }

        @Test
        void theLastHeaderWins() {
            SinkRecord record = SinkRecords.on("voice-callthread").header("x-tenant", "globex")
                    .header("x-tenant", "acme").build();

            assertThat(tenantOf(router.apply(record))).isEqualTo("acme");
        }

        @Test
        void aMissingOrNullHeaderFails() {
            assertThatThrownBy(() -> router.apply(SinkRecords.on("voice-callthread").key("k").build()))
                    .isInstanceOf(DataException.class).hasMessageContaining(COORDINATES)
                    .hasMessageContaining("no header 'x-tenant'");
            assertThatThrownBy(() -> router.apply(withHeader(null)))
                    .isInstanceOf(DataException.class).hasMessageContaining("header 'x-tenant' is null");
            assertThatThrownBy(() -> router.apply(withHeader("")))
                    .isInstanceOf(DataException.class).hasMessageContaining("empty tenant id");
            assertThatThrownBy(() -> router.apply(withHeader(true)))
                    .isInstanceOf(DataException.class).hasMessageContaining("holds the Boolean true, not text");
        }
    }

    @Nested
    class FromTopic {
        private final TenantRouter<SinkRecord> router = router("tenant.source", "topic",
                "tenant.template", "{tenant_id}.chat-events");

        @Test
        void readsTheTenantFromTheTopicName() {
            assertThat(tenantOf(router.apply(SinkRecords.on("acme.chat-events").build()))).isEqualTo("acme");
            assertThat(tenantOf(router.apply(SinkRecords.on("globex.chat-events").build()))).isEqualTo("globex");
            assertThat(tenantOf(router.apply(SinkRecords.on("acme.chat-events").build()))).isEqualTo("acme");
        }

        @Test
        void aTopicNotMatchingTheTemplateFailsEveryTime() {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> router.apply(SinkRecords.on("voice-callthread").build()))
                        .isInstanceOf(DataException.class).hasMessageContaining(COORDINATES)
                        .hasMessageContaining("{tenant_id}.chat-events");
            }
        }
    }

    @Nested
    class PerTopicRules {
        private final TenantRouter<SinkRecord> router = router(
                "rules", "voice,chat",
                "rules.voice.topics", "voice-callthread,voice-agentstate",
                "rules.voice.tenant.source", "key",
                "rules.voice.tenant.template", "{tenant_id}:{callthread_id}",
                "rules.chat.topics.regex", "[a-z0-9]+\\.chat-events",
                "rules.chat.tenant.source", "topic",
                "rules.chat.tenant.template", "{tenant_id}.chat-events",
                "tenant.source", "value",
                "tenant.field", "tenant.ccid");

        @Test
        void eachTopicUsesItsRuleAndOthersTheTopLevelKeys() {
            assertThat(tenantOf(router.apply(SinkRecords.on("voice-callthread").key("acme:c1").build())))
                    .isEqualTo("acme");
            assertThat(tenantOf(router.apply(SinkRecords.on("voice-agentstate").key("globex:a9").build())))
                    .isEqualTo("globex");
            assertThat(tenantOf(router.apply(SinkRecords.on("initech.chat-events").key("ignored").build())))
                    .isEqualTo("initech");
            assertThat(tenantOf(router.apply(SinkRecords.on("billing").key("x:y")
                    .value(null, Map.of("tenant", Map.of("ccid", "umbrella"))).build()))).isEqualTo("umbrella");
        }

        @Test
        void aRuleInheritsUnsetKeysFromTheTopLevel() {
            TenantRouter<SinkRecord> inheriting = router(
                    "rules", "agent",
                    "rules.agent.topics", "voice-agentstate",
                    "rules.agent.tenant.source", "key",
                    "tenant.template", "{tenant_id}:{agent_id}");

            assertThat(tenantOf(inheriting.apply(SinkRecords.on("voice-agentstate").key("acme:a1").build())))
                    .isEqualTo("acme");
        }

        @Test
        void theFirstMatchingRuleWins() {
            TenantRouter<SinkRecord> ordered = router(
                    "rules", "exact,any",
                    "rules.exact.topics", "voice-callthread",
                    "rules.exact.tenant.source", "header",
                    "rules.exact.tenant.header", "x-tenant",
                    "rules.any.topics.regex", ".*",
                    "rules.any.tenant.source", "key",
                    "rules.any.tenant.template", "{tenant_id}:{rest}");

            assertThat(tenantOf(ordered.apply(SinkRecords.on("voice-callthread").key("globex:1")
                    .header("x-tenant", "acme").build()))).isEqualTo("acme");
            assertThat(tenantOf(ordered.apply(SinkRecords.on("voice-agentstate").key("globex:1")
                    .header("x-tenant", "acme").build()))).isEqualTo("globex");
        }

        @Test
        void aTopicNoRuleCoversHasNoTenantWithoutTopLevelSource() {
            TenantRouter<SinkRecord> rulesOnly = router(
                    "rules", "voice",
                    "rules.voice.topics", "voice-callthread",
                    "rules.voice.tenant.source", "key",
                    "rules.voice.tenant.template", "{tenant_id}:{callthread_id}");

            assertThatThrownBy(() -> rulesOnly.apply(SinkRecords.on("billing").key("acme:1").build()))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("no rule covers topic billing");
        }

        @Test
        void theErrorNamesTheRule() {
            assertThatThrownBy(() -> router.apply(SinkRecords.on("voice-callthread").key("acme").build()))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("rule voice")
                    .hasMessageContaining("{tenant_id}:{callthread_id}");
        }
    }

    @Nested
    class AllowedTenants {
        private final TenantRouter<SinkRecord> router = router("tenant.source", "key",
                "tenant.template", "{tenant_id}:{agent_id}", "tenant.allowed", "acme");

        @Test
        void keepsTheAllowedTenant() {
            assertThat(tenantOf(router.apply(keyed("acme:1")))).isEqualTo("acme");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ACME", "Acme", "acme2", "acme ", " acme", "acmé", "ａｃｍｅ", "acm", "globex"})
        void dropsEveryOtherTenantIncludingLookAlikes(String lookAlike) {
            assertThat(router.apply(keyed(lookAlike + ":1"))).isNull();
        }
    }

    @Nested
    class Routing {
        private final TenantRouter<SinkRecord> router = router("tenant.source", "key",
                "tenant.template", "{tenant_id}:{agent_id}", "route.topic.template", "${topic}.${tenant}");

        @Test
        void renamesTheTopicAndRecordsTheOriginalCoordinates() {
            SinkRecord routed = router.apply(keyed("acme:1"));

            assertThat(routed.topic()).isEqualTo("voice-callthread.acme");
            assertThat(tenantOf(routed)).isEqualTo("acme");
            assertThat(routed.headers().lastWithName(EventStreamHeaders.SOURCE_TOPIC).value()).isEqualTo("voice-callthread");
            assertThat(routed.headers().lastWithName(EventStreamHeaders.SOURCE_PARTITION).value()).isEqualTo(2);
            assertThat(routed.headers().lastWithName(EventStreamHeaders.SOURCE_OFFSET).value()).isEqualTo(1815L);
        }

        @Test
        void replacesCoordinatesAnUpstreamProducerForgedWithTheRecordsOwn() {
            SinkRecord routed = router.apply(forgedCoordinates());

            assertThat(values(routed, EventStreamHeaders.SOURCE_TOPIC)).containsExactly("voice-callthread");
            assertThat(values(routed, EventStreamHeaders.SOURCE_PARTITION)).containsExactly(2);
            assertThat(values(routed, EventStreamHeaders.SOURCE_OFFSET)).containsExactly(1815L);
        }

        @Test
        void keepsCoordinatesARecordAlreadyCarriesOnlyWhenTrusted() {
            TenantRouter<SinkRecord> trusting = router("tenant.source", "key", "tenant.template", "{tenant_id}:{agent_id}",
                    "route.topic.template", "${topic}.${tenant}", "source.coordinates.trusted", "true");

            SinkRecord routed = trusting.apply(forgedCoordinates());

            assertThat(values(routed, EventStreamHeaders.SOURCE_TOPIC)).containsExactly("origin");
            assertThat(values(routed, EventStreamHeaders.SOURCE_OFFSET)).containsExactly("7");
        }

        @Test
        void withoutRouteUntrustedCoordinatesAreRemoved() {
            SinkRecord kept = router("tenant.source", "key", "tenant.template", "{tenant_id}:{x}")
                    .apply(forgedCoordinates());

            assertThat(kept.headers().lastWithName(EventStreamHeaders.SOURCE_TOPIC)).isNull();
            assertThat(kept.headers().lastWithName(EventStreamHeaders.SOURCE_PARTITION)).isNull();
            assertThat(kept.headers().lastWithName(EventStreamHeaders.SOURCE_OFFSET)).isNull();
            assertThat(kept.headers().lastWithName("trace").value()).as("other headers kept").isEqualTo("abc");
        }

        @Test
        void withoutRouteTrustedCoordinatesAreKept() {
            SinkRecord kept = router("tenant.source", "key", "tenant.template", "{tenant_id}:{x}",
                    "source.coordinates.trusted", "true").apply(forgedCoordinates());

            assertThat(values(kept, EventStreamHeaders.SOURCE_TOPIC)).containsExactly("origin");
            assertThat(values(kept, EventStreamHeaders.SOURCE_PARTITION)).containsExactly("0");
            assertThat(values(kept, EventStreamHeaders.SOURCE_OFFSET)).containsExactly("7");
        }

        @Test
        void aTenantContainingTheRouteSeparatorFailsWithCoordinatesInsteadOfSharingATopic() {
            TenantRouter<SinkRecord> byHeader = router("tenant.source", "header", "tenant.header", "ccid",
                    "route.topic.template", "${topic}.${tenant}");
            SinkRecord ambiguous = SinkRecords.on("voice").header("ccid", "callthread.acme").build();
            SinkRecord clear = SinkRecords.on("voice.callthread").header("ccid", "acme").build();

            assertThat(byHeader.apply(clear).topic()).isEqualTo("voice.callthread.acme");
            assertThatThrownBy(() -> byHeader.apply(ambiguous))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("(topic voice, partition 2, offset 1815)")
                    .hasMessageContaining("'callthread.acme'")
                    .hasMessageContaining("ambiguous");
        }

        private SinkRecord forgedCoordinates() {
            return SinkRecords.on("voice-callthread").key("acme:1")
                    .header("trace", "abc")
                    .header(EventStreamHeaders.SOURCE_TOPIC, "origin")
                    .header(EventStreamHeaders.SOURCE_PARTITION, "0")
                    .header(EventStreamHeaders.SOURCE_OFFSET, "7").build();
        }

        private List<Object> values(SinkRecord record, String header) {
            List<Object> values = new ArrayList<>();
            record.headers().allWithName(header).forEachRemaining(h -> values.add(h.value()));
            return values;
        }

        @Test
        void literalTextAndDollarSignsAreKept() {
            TenantRouter<SinkRecord> literal = router("tenant.source", "key", "tenant.template", "{tenant_id}:{x}",
                    "route.topic.template", "tenant-${tenant}-$x");

            assertThat(literal.apply(keyed("acme:1")).topic()).isEqualTo("tenant-acme-$x");
        }

        @Test
        void withoutRouteTheTopicIsKeptAndNoCoordinatesAreAdded() {
            SinkRecord kept = router("tenant.source", "key", "tenant.template", "{tenant_id}:{x}")
                    .apply(keyed("acme:1"));

            assertThat(kept.topic()).isEqualTo("voice-callthread");
            assertThat(kept.headers().lastWithName(EventStreamHeaders.SOURCE_TOPIC)).isNull();
        }
    }

    @Nested
    class Configuration {

        private void assertConfigError(String expectedKeyInMessage, String... keyValues) {
            assertThatThrownBy(() -> router(keyValues))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(expectedKeyInMessage);
        }

        @Test
        void errorsNameTheKey() {
            assertConfigError("tenant.source");
            assertConfigError("tenant.source", "tenant.source", "partition");
            assertConfigError("tenant.template", "tenant.source", "key");
            assertConfigError("tenant.template", "tenant.source", "topic");
            assertConfigError("tenant.field", "tenant.source", "value");
            assertConfigError("tenant.header", "tenant.source", "header");
            assertConfigError("configuration tenant.template: Template must contain the placeholder {tenant_id}",
                    "tenant.source", "key", "tenant.template", "{customer}:{agent_id}");
            assertConfigError("tenant.field", "tenant.source", "value", "tenant.field", "events.*.tenant");
            assertConfigError("tenant.field", "tenant.source", "value", "tenant.field", "a..b");
            assertConfigError("tenant.missing.policy", "tenant.source", "header", "tenant.header", "t",
                    "tenant.missing.policy", "ignore");
            assertConfigError("tenant.allowed", "tenant.source", "header", "tenant.header", "t",
                    "tenant.allowed", "acme,,globex");
            assertConfigError("route.topic.template", "tenant.source", "header", "tenant.header", "t",
                    "route.topic.template", "${topic}.${customer}");
            assertConfigError("route.topic.template", "tenant.source", "header", "tenant.header", "t",
                    "route.topic.template", "${topic");
        }

        @Test
        void refusesAllowedTenantsThatContainTheTextEndingTheTenantInATemplate() {
            assertThatThrownBy(() -> router("tenant.source", "key", "tenant.template", "{tenant_id}:{callthread_id}",
                    "tenant.allowed", "globex,acme:eu"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("tenant.allowed")
                    .hasMessageContaining("'acme:eu'")
                    .hasMessageContaining("{tenant_id}:{callthread_id}");
            assertThatThrownBy(() -> router("rules", "voice", "rules.voice.topics", "voice-callthread",
                    "rules.voice.tenant.source", "key", "rules.voice.tenant.template", "{tenant_id}|{callthread_id}",
                    "tenant.source", "header", "tenant.header", "ccid", "tenant.allowed", "acme|eu"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("tenant.allowed")
                    .hasMessageContaining("rule voice");
        }

        @ParameterizedTest
        @ValueSource(strings = {"acme ", " acme", "globex,acme ", "acme ,globex", "\tacme"})
        void refusesAllowedTenantsThatKafkasListParsingWouldTrimIntoAnotherTenant(String allowed) {
            // Kafka trims list entries: 'acme ' would silently become 'acme' and receive acme's events
            assertThatThrownBy(() -> router("tenant.source", "key", "tenant.template", "{tenant_id}:{callthread_id}",
                    "tenant.allowed", allowed))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("tenant.allowed")
                    .hasMessageContaining("whitespace");
            assertThat(router("tenant.source", "key", "tenant.template", "{tenant_id}:{callthread_id}",
                    "tenant.allowed", "globex, acme")).isNotNull();
        }

        @Test
        void aTenantAtTheEndOfItsTemplateMayContainAnyText() {
            TenantRouter<SinkRecord> router = router("tenant.source", "key", "tenant.template", "{callthread_id}:{tenant_id}",
                    "tenant.allowed", "acme:eu");

            assertThat(tenantOf(router.apply(keyed("ct1:acme:eu")))).isEqualTo("acme:eu");
        }

        @Test
        void refusesAllowedTenantsAndRoutesThatMakeRoutedTopicsAmbiguous() {
            assertThatThrownBy(() -> router("tenant.source", "header", "tenant.header", "ccid",
                    "route.topic.template", "${topic}.${tenant}", "tenant.allowed", "acme.eu"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("tenant.allowed")
                    .hasMessageContaining("route.topic.template");
            assertConfigError("route.topic.template", "tenant.source", "header", "tenant.header", "ccid",
                    "route.topic.template", "${topic}${tenant}");
        }

        @Test
        void ruleErrorsNameTheRuleKey() {
            assertConfigError("rules.voice.topics", "rules", "voice", "rules.voice.tenant.source", "key",
                    "rules.voice.tenant.template", "{tenant_id}:{x}");
            assertConfigError("rules.voice.topics.regex", "rules", "voice", "rules.voice.topics", "a",
                    "rules.voice.topics.regex", "a.*", "rules.voice.tenant.source", "key",
                    "rules.voice.tenant.template", "{tenant_id}:{x}");
            assertConfigError("rules.voice.topics.regex", "rules", "voice", "rules.voice.topics.regex", "voice-(",
                    "rules.voice.tenant.source", "key", "rules.voice.tenant.template", "{tenant_id}:{x}");
            assertConfigError("rules.voice.tenant.source", "rules", "voice", "rules.voice.topics", "a");
            assertConfigError("rules.voice.tenant.template", "rules", "voice", "rules.voice.topics", "a",
                    "rules.voice.tenant.source", "key");
            assertConfigError("rules.voice.tenant.field", "rules", "voice", "rules.voice.topics", "a",
                    "tenant.source", "value");
            assertConfigError("rules.voice.tenant.header", "rules", "voice", "rules.voice.topics", "a",
                    "rules.voice.tenant.source", "header");
            assertConfigError("configuration rules.voice.tenant.template: Template must contain the placeholder",
                    "rules", "voice",
                    "rules.voice.topics", "a", "rules.voice.tenant.source", "key",
                    "rules.voice.tenant.template", "{x}:{y}");
            assertConfigError("rules.voice.tenant.source", "rules", "voice", "rules.voice.topics", "a",
                    "rules.voice.tenant.source", "body");
            assertConfigError("rules", "rules", "voice,voice", "tenant.source", "header", "tenant.header", "t");
            assertConfigError("rules", "rules", "voice calls", "tenant.source", "header", "tenant.header", "t");
        }

        @Test
        void crossKeyMessagesGiveTheReasonOnceAfterKafkasPrefix() {
            assertConfigMessage("Invalid value null for configuration tenant.source: required when no rules are "
                    + "configured: set it to one of key, value, header, topic");
            assertConfigMessage("Invalid value null for configuration rules.voice.topics: rule 'voice' applies to no "
                    + "topic: set this or rules.voice.topics.regex", "rules", "voice", "rules.voice.tenant.source", "key",
                    "rules.voice.tenant.template", "${tenant_id}:${x}");
            assertConfigMessage("Invalid value a.* for configuration rules.voice.topics.regex: rules.voice.topics is "
                    + "set too; set only one of the two", "rules", "voice", "rules.voice.topics", "a",
                    "rules.voice.topics.regex", "a.*", "rules.voice.tenant.source", "key",
                    "rules.voice.tenant.template", "${tenant_id}:${x}");
            assertConfigMessage("Invalid value null for configuration rules.voice.tenant.source: required: set it or "
                    + "the top-level tenant.source", "rules", "voice", "rules.voice.topics", "a");
            assertConfigMessage("Invalid value null for configuration rules.voice.tenant.field: required because "
                    + "rules.voice.tenant.source=value: set it or the top-level tenant.field", "rules", "voice",
                    "rules.voice.topics", "a", "tenant.source", "value");
            assertConfigMessage("Invalid value null for configuration tenant.header: required because "
                    + "tenant.source=header", "tenant.source", "header");
            assertConfigMessage("Invalid value ${topic}${tenant} for configuration route.topic.template: ${tenant} "
                    + "touches another placeholder, so different topics and tenants could give the same routed topic; "
                    + "put literal text between them, e.g. ${topic}.${tenant}", "tenant.source", "header",
                    "tenant.header", "ccid", "route.topic.template", "${topic}${tenant}");
        }

        private void assertConfigMessage(String message, String... keyValues) {
            assertThatThrownBy(() -> router(keyValues)).isInstanceOf(ConfigException.class).hasMessage(message);
        }

        @Test
        void theConfigDefDeclaresTheTopLevelKeys() {
            assertThat(new TenantRouter<SinkRecord>().config().names()).containsExactlyInAnyOrder(
                    "tenant.source", "tenant.template", "tenant.field", "tenant.header", "tenant.allowed",
                    "tenant.missing.policy", "route.topic.template", "source.coordinates.trusted", "rules");
        }
    }
}
