package dev.eventstream.connect.filter;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldFilterTest {

    /** Where the operand lives and whether it has a schema. */
    enum Case {
        VALUE_STRUCT(false, true), VALUE_MAP(false, false), KEY_STRUCT(true, true), KEY_MAP(true, false);

        final boolean key;
        final boolean struct;

        Case(boolean key, boolean struct) {
            this.key = key;
            this.struct = struct;
        }

        FieldFilter<SinkRecord> transform(Map<String, String> props) {
            FieldFilter<SinkRecord> transform = key ? new FieldFilter.Key<>() : new FieldFilter.Value<>();
            transform.configure(props);
            return transform;
        }

        SinkRecord record() {
            return struct ? CallEvents.record(key, CallEvents.SCHEMA, CallEvents.struct())
                    : CallEvents.record(key, null, CallEvents.map());
        }
    }

    private FieldFilter<SinkRecord> transform;

    @AfterEach
    void close() {
        if (transform != null) {
            transform.close();
        }
    }

    private Map<String, Object> run(Case c, Map<String, String> props) {
        transform = c.transform(props);
        SinkRecord input = c.record();
        SinkRecord output = transform.apply(input);
        Object operand = CallEvents.operand(output, c.key);
        if (c.struct) {
            assertThat(operand).isInstanceOf(Struct.class);
            ((Struct) operand).validate();
            assertThat(CallEvents.operandSchema(output, c.key)).isSameAs(((Struct) operand).schema());
        } else {
            assertThat(CallEvents.operandSchema(output, c.key)).isNull();
        }
        Object untouched = c.key ? output.value() : output.key();
        assertThat(untouched).isEqualTo(c.key ? input.value() : input.key());
        assertThat(output.topic()).isEqualTo(input.topic());
        assertThat(output.kafkaPartition()).isEqualTo(input.kafkaPartition());
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) CallEvents.plain(operand);
        return plain;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sub(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parties(Map<String, Object> map) {
        return (List<Map<String, Object>>) map.get("Parties");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void dropsTopLevelNestedArrayAndMapPaths(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.drop", "ANI,UserData.CreditCard,Parties.*.phone,Extensions.email"));

        Map<String, Object> expected = CallEvents.map();
        expected.remove("ANI");
        sub(expected, "UserData").remove("CreditCard");
        parties(expected).forEach(party -> party.remove("phone"));
        sub(expected, "Extensions").remove("email");
        assertThat(out).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void dropWithMapWildcardEmptiesTheMapAndStructWildcardRemovesEveryField(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.drop", "Extensions.*,UserData.*"));

        assertThat(sub(out, "Extensions")).isEmpty();
        assertThat(sub(out, "UserData")).isEmpty();
        assertThat(out).containsEntry("ANI", "+15551234567");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void keepLeavesOnlyTheNamedPathsAndTheContainersLeadingToThem(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.keep", "id,UserData.Pin,Parties.*.name,Extensions.*"));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "EventEstablished");
        expected.put("UserData", new LinkedHashMap<>(Map.of("Pin", 1234)));
        expected.put("Parties", List.of(Map.of("name", "Alice"), Map.of("name", "Bob")));
        expected.put("Extensions", Map.of("email", "alice@example.com"));
        assertThat(out).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void keepWithMaskMasksInsideTheKeptSubtree(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.keep", "id,UserData", "fields.mask", "UserData.CreditCard"));

        assertThat(out.keySet()).containsExactly("id", "UserData");
        assertThat(sub(out, "UserData")).containsEntry("CreditCard", "****").containsEntry("Pin", 1234)
                .containsEntry("Notes", "VIP");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void masksInTheValuesOwnType(Case c) {
        Map<String, Object> out = run(c, Map.of(
                "fields.mask", "ANI,duration,recorded,UserData.Pin,Parties.*.phone,Extensions.*",
                "fields.mask.replacement", "XXXX"));

        assertThat(out).containsEntry("ANI", "XXXX").containsEntry("duration", 0L).containsEntry("recorded", false)
                .containsEntry("id", "EventEstablished").containsEntry("DNIS", "+15557654321");
        assertThat(sub(out, "UserData")).containsEntry("Pin", 0).containsEntry("CreditCard", "4111111111111111");
        assertThat(parties(out)).extracting(party -> party.get("phone")).containsExactly("XXXX", "XXXX");
        assertThat(parties(out)).extracting(party -> party.get("name")).containsExactly("Alice", "Bob");
        assertThat(sub(out, "Extensions")).containsExactly(Map.entry("email", "XXXX"));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void masksAllButTheLastCharactersAndWholeContainers(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.mask", "UserData", "fields.mask.keep.last", "4"));

        assertThat(sub(out, "UserData")).containsEntry("CreditCard", "****1111").containsEntry("Pin", 0)
                .containsEntry("Notes", "****"); // 3 characters, not more than 4: replaced entirely
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void hashesWithTheKeyInTheValuesOwnType(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.hash", "ANI,UserData.Pin,Parties.*.phone,Extensions.*",
                "fields.hash.secret", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t"));
        KeyedHasher hasher = new KeyedHasher("s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t");

        assertThat(out.get("ANI")).isEqualTo(hasher.hash("+15551234567"));
        assertThat((String) out.get("ANI")).matches("[0-9a-f]{64}");
        assertThat(sub(out, "UserData").get("Pin")).isInstanceOf(Integer.class).isEqualTo(hasher.hash(1234));
        assertThat(parties(out)).extracting(party -> party.get("phone"))
                .containsExactly(hasher.hash("+15550000001"), hasher.hash("+15550000002"));
        assertThat(sub(out, "Extensions")).containsEntry("email", hasher.hash("alice@example.com"));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void overlappingPathsDropBeatsHashBeatsMask(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.mask", "UserData.*", "fields.hash", "UserData.CreditCard",
                "fields.drop", "UserData.Notes", "fields.hash.secret", "k"));

        assertThat(sub(out, "UserData")).containsOnlyKeys("CreditCard", "Pin")
                .containsEntry("CreditCard", new KeyedHasher("k").hash("4111111111111111")).containsEntry("Pin", 0);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aDropOrHashOnAChildBeatsAMaskOnItsParent(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.mask", "UserData,Extensions",
                "fields.drop", "UserData.CreditCard", "fields.hash", "Extensions.email",
                "fields.mask.keep.last", "4", "fields.hash.secret", "k"));

        assertThat(sub(out, "UserData")).containsOnlyKeys("Pin", "Notes")
                .containsEntry("Pin", 0).containsEntry("Notes", "****");
        assertThat(sub(out, "Extensions")).containsExactly(Map.entry("email", new KeyedHasher("k").hash("alice@example.com")));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void theOrderHoldsAtEveryDepthBelowAMaskedArray(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.mask", "Parties", "fields.drop", "Parties.*.phone"));

        assertThat(parties(out)).containsExactly(Map.of("name", "****"), Map.of("name", "****"));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aMaskOnTheRootStillLetsAHashOnALeafWin(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.mask", "*", "fields.hash", "Parties.*.phone",
                "fields.drop", "UserData.Pin", "fields.hash.secret", "k"));
        KeyedHasher hasher = new KeyedHasher("k");

        assertThat(out).containsEntry("ANI", "****").containsEntry("duration", 0L).containsEntry("recorded", false);
        assertThat(sub(out, "UserData")).containsOnlyKeys("CreditCard", "Notes").containsEntry("CreditCard", "****");
        assertThat(parties(out)).extracting(party -> party.get("phone"))
                .containsExactly(hasher.hash("+15550000001"), hasher.hash("+15550000002"));
        assertThat(parties(out)).extracting(party -> party.get("name")).containsExactly("****", "****");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aMaskedParentInKeepModeKeepsOnlyTheKeptChildren(Case c) {
        Map<String, Object> out = run(c, Map.of("fields.keep", "id,UserData.CreditCard", "fields.mask", "UserData"));

        assertThat(out).containsOnlyKeys("id", "UserData");
        assertThat(sub(out, "UserData")).containsExactly(Map.entry("CreditCard", "****"));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void tombstonesPassThrough(Case c) {
        transform = c.transform(Map.of("fields.drop", "ANI"));
        SinkRecord tombstone = CallEvents.record(c.key, c.struct ? CallEvents.SCHEMA : null, null);

        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void absentPathsChangeNothingAndAddNoKeys(Case c) {
        transform = c.transform(Map.of("fields.drop", "Missing,UserData.Missing,Nothing.below.here,Extensions.phone"));
        SinkRecord input = c.record();

        SinkRecord output = transform.apply(input);

        assertThat(CallEvents.plain(CallEvents.operand(output, c.key))).isEqualTo(CallEvents.map());
        assertThat(CallEvents.operand(output, c.key)).isSameAs(CallEvents.operand(input, c.key));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aPathThroughAScalarIsADataExceptionWithPathAndCoordinates(Case c) {
        transform = c.transform(Map.of("fields.drop", "UserData.Pin.digits"));

        assertThatThrownBy(() -> transform.apply(c.record()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("fields.drop path 'UserData.Pin.digits'")
                .hasMessageContaining("'UserData.Pin'")
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void anArrayNeedsTheWildcard(Case c) {
        transform = c.transform(Map.of("fields.mask", "Parties.phone"));

        assertThatThrownBy(() -> transform.apply(c.record()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'Parties' is an array")
                .hasMessageContaining("use *")
                .hasMessageContaining("offset 1815");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void hashingABooleanIsRefused(Case c) {
        transform = c.transform(Map.of("fields.hash", "recorded", "fields.hash.secret", "k"));

        assertThatThrownBy(() -> transform.apply(c.record()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("fields.hash path 'recorded'")
                .hasMessageContaining("mask this field instead")
                .hasMessageContaining("offset 1815");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void theInputIsNotModified(Case c) {
        transform = c.transform(Map.of("fields.drop", "ANI,Parties.*.phone", "fields.mask", "Extensions.*"));
        SinkRecord input = c.record();
        Object before = CallEvents.plain(CallEvents.operand(input, c.key));

        transform.apply(input);

        assertThat(CallEvents.plain(CallEvents.operand(input, c.key))).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void nullContainersAlongAPathAreLeftAlone(Case c) {
        transform = c.transform(Map.of("fields.drop", "UserData.CreditCard"));
        SinkRecord input;
        if (c.struct) {
            input = CallEvents.record(c.key, CallEvents.SCHEMA, CallEvents.struct().put("UserData", null));
        } else {
            Map<String, Object> map = CallEvents.map();
            map.put("UserData", null);
            input = CallEvents.record(c.key, null, map);
        }

        Map<String, Object> out = CallEvents.map();
        Object result = CallEvents.plain(CallEvents.operand(transform.apply(input), c.key));

        out.put("UserData", null);
        assertThat(result).isEqualTo(out);
    }

    /** A document with arrays of arrays of structs and a field whose name contains dots, as Struct or map. */
    private static SinkRecord nestedRecord(Case c) {
        Schema cell = SchemaBuilder.struct().name("Cell").field("pan", Schema.STRING_SCHEMA)
                .field("label", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().name("Nested")
                .field("grid", SchemaBuilder.array(SchemaBuilder.array(cell).build()).build())
                .field("user.email", Schema.STRING_SCHEMA)
                .field("user", SchemaBuilder.struct().optional().field("email", Schema.STRING_SCHEMA).build())
                .build();
        Struct struct = new Struct(schema)
                .put("grid", List.of(List.of(new Struct(cell).put("pan", "4111111111111111").put("label", "a")),
                        List.of(new Struct(cell).put("pan", "5500000000000004").put("label", "b"))))
                .put("user.email", "alice@example.com");
        return c.struct ? CallEvents.record(c.key, schema, struct)
                : CallEvents.record(c.key, null, CallEvents.plain(struct));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void pathsReachIntoArraysOfArraysAndFieldsWhoseNamesHaveDots(Case c) {
        transform = c.transform(Map.of("fields.drop", "grid.*.*.pan", "fields.mask", "`user.email`"));

        Object out = CallEvents.plain(CallEvents.operand(transform.apply(nestedRecord(c)), c.key));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("grid", List.of(List.of(Map.of("label", "a")), List.of(Map.of("label", "b"))));
        expected.put("user.email", "****");
        expected.put("user", null);
        assertThat(out).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void pathsThroughANullParentLeaveItNullInEveryOperation(Case c) {
        transform = c.transform(Map.of("fields.mask", "user", "fields.hash", "user.email", "fields.hash.secret", "k"));
        SinkRecord input = nestedRecord(c);

        SinkRecord output = transform.apply(input);

        Object out = CallEvents.plain(CallEvents.operand(output, c.key));
        assertThat(out).isEqualTo(CallEvents.plain(CallEvents.operand(input, c.key)));
        transform.close();
        transform = c.transform(Map.of("fields.keep", "user.email"));
        assertThat(CallEvents.plain(CallEvents.operand(transform.apply(input), c.key)))
                .isEqualTo(java.util.Collections.singletonMap("user", null));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void untouchedSubtreesAreSharedWithTheInput(Case c) {
        transform = c.transform(Map.of("fields.drop", "UserData.CreditCard"));
        SinkRecord input = c.record();
        Object in = CallEvents.operand(input, c.key);

        Object out = CallEvents.operand(transform.apply(input), c.key);

        if (c.struct) {
            assertThat(((Struct) out).get("Parties")).isSameAs(((Struct) in).get("Parties"));
            assertThat(((Struct) out).get("Extensions")).isSameAs(((Struct) in).get("Extensions"));
        } else {
            assertThat(((Map<?, ?>) out).get("Parties")).isSameAs(((Map<?, ?>) in).get("Parties"));
            assertThat(((Map<?, ?>) out).get("Extensions")).isSameAs(((Map<?, ?>) in).get("Extensions"));
        }
    }

    @Test
    void immutableSchemalessInputsAreEdited() {
        Map<String, Object> immutable = Map.of("a", Map.of("b", 1, "c", 2), "d", List.of(Map.of("e", 3)));
        transform = Case.VALUE_MAP.transform(Map.of("fields.drop", "a.b,d.*.e"));

        SinkRecord out = transform.apply(CallEvents.valueRecord(null, immutable));

        assertThat(out.value()).isEqualTo(Map.of("a", Map.of("c", 2), "d", List.of(Map.of())));
    }

    @Test
    void droppingOneKeyOfAMapWithASchemaKeepsTheSchema() {
        Schema labels = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("Labels", labels).build();
        Struct value = new Struct(schema).put("Labels", Map.of("main", "owner"));
        transform = Case.VALUE_STRUCT.transform(Map.of("fields.drop", "Labels.main"));

        SinkRecord out = transform.apply(CallEvents.valueRecord(schema, value));

        assertThat(out.valueSchema()).isSameAs(schema);
        assertThat(((Struct) out.value()).getMap("Labels")).isEmpty();
    }

    @Test
    void theDerivedSchemaIsBuiltOncePerInputSchemaAndKeepsOptionalityDefaultsAndNames() {
        transform = Case.VALUE_STRUCT.transform(Map.of("fields.drop", "ANI,UserData.CreditCard"));

        SinkRecord first = transform.apply(Case.VALUE_STRUCT.record());
        SinkRecord second = transform.apply(Case.VALUE_STRUCT.record());

        Schema schema = first.valueSchema();
        assertThat(second.valueSchema()).isSameAs(schema);
        assertThat(schema.name()).isEqualTo("CallEvent");
        assertThat(schema.version()).isEqualTo(3);
        assertThat(schema.doc()).isEqualTo("a call event");
        assertThat(schema.field("ANI")).isNull();
        Schema userData = schema.field("UserData").schema();
        assertThat(userData.isOptional()).isTrue();
        assertThat(userData.name()).isEqualTo("UserData");
        assertThat(userData.field("CreditCard")).isNull();
        assertThat(userData.field("Notes").schema().defaultValue()).isEqualTo("none");
        assertThat(schema.field("DNIS").schema()).isSameAs(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(schema.field("Parties").schema()).isSameAs(CallEvents.SCHEMA.field("Parties").schema());
    }

    @Test
    void aStructDefaultIsConvertedToTheDerivedSchema() {
        SchemaBuilder inner = SchemaBuilder.struct().optional().field("a", Schema.STRING_SCHEMA)
                .field("b", Schema.STRING_SCHEMA);
        Schema withDefault = inner.defaultValue(new Struct(inner).put("a", "x").put("b", "y")).build();
        Schema outer = SchemaBuilder.struct().field("inner", withDefault).build();
        transform = Case.VALUE_STRUCT.transform(Map.of("fields.drop", "inner.b"));

        SinkRecord out = transform.apply(CallEvents.valueRecord(outer, new Struct(outer)));

        Schema derived = out.valueSchema().field("inner").schema();
        assertThat(derived.fields()).extracting(f -> f.name()).containsExactly("a");
        assertThat(((Struct) derived.defaultValue()).get("a")).isEqualTo("x");
        assertThat(derived.isOptional()).isTrue();
        ((Struct) out.value()).validate();
    }

    @Test
    void aTopLevelUnionOfEventTypesIsFilteredInWhicheverBranchIsSet() {
        Schema ringing = SchemaBuilder.struct().name("EventRinging").optional()
                .field("ANI", Schema.STRING_SCHEMA).field("queue", Schema.STRING_SCHEMA).build();
        Schema released = SchemaBuilder.struct().name("EventReleased").optional()
                .field("ANI", Schema.STRING_SCHEMA).field("duration", Schema.INT64_SCHEMA).build();
        Schema union = SchemaBuilder.struct().name("io.confluent.connect.avro.Union")
                .field("EventRinging", ringing).field("EventReleased", released).build();
        transform = Case.VALUE_STRUCT.transform(Map.of("fields.drop", "ANI"));
        FieldMatches<SinkRecord> predicate = new FieldMatches<>();
        predicate.configure(Map.of("field", "queue", "values", "support"));

        SinkRecord input = CallEvents.valueRecord(union, new Struct(union)
                .put("EventRinging", new Struct(ringing).put("ANI", "+15551234567").put("queue", "support")));
        SinkRecord out = transform.apply(input);

        ((Struct) out.value()).validate();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("EventRinging", Map.of("queue", "support"));
        expected.put("EventReleased", null);
        assertThat(CallEvents.plain(out.value())).isEqualTo(expected);
        assertThat(out.valueSchema().field("EventReleased").schema().fields()).extracting(f -> f.name())
                .containsExactly("duration");
        assertThat(predicate.test(input)).isTrue();
        predicate.close();
    }

    @Test
    void aRecordNothingChangesIsReturnedAsIs() {
        transform = Case.VALUE_STRUCT.transform(Map.of("fields.drop", "Missing"));
        SinkRecord input = Case.VALUE_STRUCT.record();

        assertThat(transform.apply(input)).isSameAs(input);
    }

    @Test
    void aSchemalessValueThatIsNotAMapIsADataExceptionWithCoordinates() {
        transform = Case.VALUE_MAP.transform(Map.of("fields.drop", "ANI"));

        assertThatThrownBy(() -> transform.apply(CallEvents.valueRecord(null, "a string")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Only Map objects supported")
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)");
    }

    @Test
    void aMapSchemaCannotChangeTheSchemaOfOneKeyOnly() {
        Schema value = SchemaBuilder.struct().field("x", Schema.STRING_SCHEMA).field("y", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, value).build()).build();
        Map<String, Object> entries = new HashMap<>();
        entries.put("k1", new Struct(value).put("x", "1").put("y", "2"));
        transform = Case.VALUE_STRUCT.transform(Map.of("fields.drop", "m.k1.x"));

        assertThatThrownBy(() -> transform.apply(CallEvents.valueRecord(schema, new Struct(schema).put("m", entries))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'m' is a map with a schema")
                .hasMessageContaining("use *");
    }

    @Test
    void aMapSchemaWildcardChangesEveryValue() {
        Schema value = SchemaBuilder.struct().field("x", Schema.STRING_SCHEMA).field("y", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, value).build()).build();
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("k1", new Struct(value).put("x", "1").put("y", "2"));
        entries.put("k2", new Struct(value).put("x", "3").put("y", "4"));
        transform = Case.VALUE_STRUCT.transform(Map.of("fields.drop", "m.*.x"));

        SinkRecord out = transform.apply(CallEvents.valueRecord(schema, new Struct(schema).put("m", entries)));

        ((Struct) out.value()).validate();
        assertThat(CallEvents.plain(out.value())).isEqualTo(Map.of("m", Map.of("k1", Map.of("y", "2"), "k2", Map.of("y", "4"))));
        assertThat(out.valueSchema().field("m").schema().valueSchema().fields()).extracting(f -> f.name())
                .containsExactly("y");
    }
}
