package dev.eventstream.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.field.FieldSyntaxVersion;
import org.apache.kafka.connect.transforms.field.SingleFieldPath;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathTest {

    @Nested
    class Parsing {

        static Stream<Arguments> validPaths() {
            return Stream.of(
                    Arguments.of("a", List.of("a")),
                    Arguments.of("UserData.CreditCard", List.of("UserData", "CreditCard")),
                    Arguments.of("`user.data`.card", List.of("user.data", "card")),
                    Arguments.of("card.`user.data`", List.of("card", "user.data")),
                    Arguments.of("`a.b`", List.of("a.b")),
                    Arguments.of("`a`", List.of("a")),
                    Arguments.of("`a\\`.b`", List.of("a`.b")),
                    Arguments.of("`a\\`.b`.c", List.of("a`.b", "c")),
                    Arguments.of("a`b.c", List.of("a`b", "c")),
                    Arguments.of("a.b`", List.of("a", "b`")),
                    Arguments.of("`a`b`.c", List.of("a`b", "c")),
                    Arguments.of("`a\\b`", List.of("a\\b")),
                    Arguments.of("`a\\`b`", List.of("a\\`b")),
                    Arguments.of("x.`y.z`.`w`", List.of("x", "y.z", "w")),
                    Arguments.of("`..`.x", List.of("..", "x")),
                    Arguments.of("``", List.of("")),
                    Arguments.of("``.a", List.of("", "a")),
                    Arguments.of("a.``", List.of("a", "")),
                    Arguments.of("`*`", List.of("*")),
                    Arguments.of("a*.b", List.of("a*", "b")),
                    Arguments.of("日本.語", List.of("日本", "語")),
                    Arguments.of(" a . b ", List.of(" a ", " b ")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("validPaths")
        void parsesLikeKafkaV2(String text, List<String> expected) {
            FieldPath path = FieldPath.parse(text);
            assertThat(path.segments()).isEqualTo(expected);
            assertThat(path).hasToString(text);
            assertThat(path.hasWildcard()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("validPaths")
        void kafkasSingleFieldPathFindsTheSameField(String text, List<String> expected) {
            Map<String, Object> root = new HashMap<>();
            Map<String, Object> current = root;
            for (int i = 0; i < expected.size() - 1; i++) {
                Map<String, Object> next = new HashMap<>();
                current.put(expected.get(i), next);
                current = next;
            }
            current.put(expected.get(expected.size() - 1), "found");

            assertThat(new SingleFieldPath(text, FieldSyntaxVersion.V2).valueFrom(root)).isEqualTo("found");
            assertThat(FieldPath.parse(text).get(root)).isEqualTo("found");
        }

        @Test
        void wildcardIsAWholeUnquotedSegment() {
            FieldPath path = FieldPath.parse("Parties.*.role");
            assertThat(path.hasWildcard()).isTrue();
            assertThat(path.segments()).containsExactly("Parties", "*", "role");
            assertThat(path.isWildcard(0)).isFalse();
            assertThat(path.isWildcard(1)).isTrue();
            assertThat(FieldPath.parse("`*`").isWildcard(0)).isFalse();
            assertThat(FieldPath.parse("*").isWildcard(0)).isTrue();
        }

        static Stream<Arguments> invalidPaths() {
            return Stream.of(
                    Arguments.of("", "must not be empty"),
                    Arguments.of(".a", "empty segment at index 0 (it starts with a dot)"),
                    Arguments.of("a.", "empty segment at index 2 (it ends with a dot)"),
                    Arguments.of("a..b", "empty segment at index 2 (two dots in a row)"),
                    Arguments.of("`a.b`.", "empty segment at index 6 (it ends with a dot)"),
                    Arguments.of("`a", "unterminated backtick at index 0"),
                    Arguments.of("a.`b.c", "unterminated backtick at index 2"),
                    Arguments.of("`a\\`", "unterminated backtick at index 0"),
                    Arguments.of("`a`b", "unterminated backtick at index 0"),
                    Arguments.of("`", "unterminated backtick at index 0"));
        }

        @ParameterizedTest(name = "[{index}] ''{0}''")
        @MethodSource("invalidPaths")
        void invalidPathsNameThePathAndTheProblem(String text, String problem) {
            assertThatThrownBy(() -> FieldPath.parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(problem)
                    .hasMessageContaining(text.isEmpty() ? "Field path" : "'" + text + "'");
        }

        @Test
        void nullPathIsRejected() {
            assertThatThrownBy(() -> FieldPath.parse(null)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void equalityFollowsTheText() {
            assertThat(FieldPath.parse("a.b")).isEqualTo(FieldPath.parse("a.b")).hasSameHashCodeAs(FieldPath.parse("a.b"));
            assertThat(FieldPath.parse("a.b")).isNotEqualTo(FieldPath.parse("`a.b`"));
            assertThat(FieldPath.parseAll(List.of("a", "b.c"))).extracting(FieldPath::toString).containsExactly("a", "b.c");
        }

        @Test
        void validatorTurnsErrorsIntoConfigExceptionsNamingTheKey() {
            ConfigDef.Validator validator = FieldPath.validator();
            validator.ensureValid("event.type.path", "id");
            validator.ensureValid("event.type.path", null);
            assertThatThrownBy(() -> validator.ensureValid("event.type.path", "a..b"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value a..b for configuration event.type.path: an empty segment at index 2 "
                            + "(two dots in a row); quote a field name that contains dots with backticks, e.g. `a.b`");
        }

        @Test
        void listValidatorChecksEveryPath() {
            ConfigDef def = new ConfigDef().define("fields.drop", ConfigDef.Type.LIST, List.of(),
                    FieldPath.listValidator(), ConfigDef.Importance.HIGH, "paths to drop");
            assertThat(def.parse(Map.of("fields.drop", "UserData.CreditCard, `a.b`.c")).get("fields.drop"))
                    .isEqualTo(List.of("UserData.CreditCard", "`a.b`.c"));
            assertThatThrownBy(() -> def.parse(Map.of("fields.drop", "ok,`broken")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value [ok, `broken] for configuration fields.drop: path '`broken' has an "
                            + "unterminated backtick at index 0: a quoted segment ends with a backtick followed by a dot "
                            + "or at the end of the path (a backtick preceded by a backslash does not end it)");
            assertThatThrownBy(() -> def.parse(Map.of("fields.drop", "a,,b")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value [a, , b] for configuration fields.drop: a path is empty: remove the "
                            + "extra comma");
            FieldPath.listValidator().ensureValid("fields.drop", null);
            assertThatThrownBy(() -> FieldPath.listValidator().ensureValid("fields.drop", "not-a-list"))
                    .isInstanceOf(ConfigException.class);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A contact-center event, schemaless. */
    static Map<String, Object> event() {
        Map<String, Object> userData = new LinkedHashMap<>();
        userData.put("CreditCard", "4111");
        userData.put("Segment", "Gold");
        userData.put("IVRPath", new ArrayList<>(List.of("main", "billing")));
        userData.put("Empty", null);
        Map<String, Object> customer = new LinkedHashMap<>(Map.of("role", "customer", "number", "+1415"));
        Map<String, Object> agent = new LinkedHashMap<>(Map.of("role", "agent", "agentId", "A-1"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", "EventEstablished");
        root.put("UserData", userData);
        root.put("Parties", new ArrayList<>(Arrays.asList(customer, agent, null)));
        root.put("Extensions", new LinkedHashMap<>(Map.of("internal", Map.of("node", 17))));
        root.put("dotted.key", "dots");
        return root;
    }

    static final Schema PARTY = SchemaBuilder.struct().name("Party")
            .field("role", Schema.STRING_SCHEMA)
            .field("agentId", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();
    static final Schema USER_DATA = SchemaBuilder.struct().name("UserData").version(3).doc("attached data")
            .parameter("source", "genesys")
            .field("CreditCard", Schema.OPTIONAL_STRING_SCHEMA)
            .field("Segment", SchemaBuilder.string().defaultValue("Silver").doc("segment").build())
            .field("Score", SchemaBuilder.int64().optional().build())
            .build();
    static final Schema EVENT = SchemaBuilder.struct().name("Event").version(7)
            .field("id", Schema.STRING_SCHEMA)
            .field("UserData", USER_DATA)
            .field("Parties", SchemaBuilder.array(PARTY).optional().build())
            .field("Labels", SchemaBuilder.map(Schema.STRING_SCHEMA, PARTY).optional().build())
            .build();

    static Struct struct() {
        return new Struct(EVENT)
                .put("id", "EventEstablished")
                .put("UserData", new Struct(USER_DATA).put("CreditCard", "4111").put("Score", 42L))
                .put("Parties", Arrays.asList(new Struct(PARTY).put("role", "customer"),
                        new Struct(PARTY).put("role", "agent").put("agentId", "A-1"), null))
                .put("Labels", Map.of("main", new Struct(PARTY).put("role", "owner")));
    }

    @Nested
    class Reads {

        @Test
        void getThroughMapsAndStructs() {
            assertThat(FieldPath.parse("UserData.CreditCard").get(event())).isEqualTo("4111");
            assertThat(FieldPath.parse("UserData.CreditCard").get(struct())).isEqualTo("4111");
            assertThat(FieldPath.parse("`dotted.key`").get(event())).isEqualTo("dots");
            assertThat(FieldPath.parse("Extensions.internal.node").get(event())).isEqualTo(17);
            assertThat(FieldPath.parse("Labels.main.role").get(struct())).isEqualTo("owner");
        }

        @Test
        void getOfAbsentOrNullIsNull() {
            assertThat(FieldPath.parse("UserData.Nope").get(event())).isNull();
            assertThat(FieldPath.parse("Nope.deeper.still").get(event())).isNull();
            assertThat(FieldPath.parse("UserData.Empty.deeper").get(event())).isNull();
            assertThat(FieldPath.parse("UserData.Nope").get(struct())).isNull();
            assertThat(FieldPath.parse("a").get(null)).isNull();
        }

        @Test
        void getOfANullStructFieldWithDefaultIsTheDefault() {
            assertThat(FieldPath.parse("UserData.Segment").get(struct())).isEqualTo("Silver");
        }

        @Test
        void existsDistinguishesNullFromAbsent() {
            assertThat(FieldPath.parse("UserData.Empty").exists(event())).isTrue();
            assertThat(FieldPath.parse("UserData.Nope").exists(event())).isFalse();
            assertThat(FieldPath.parse("UserData.Empty.x").exists(event())).isFalse();
            assertThat(FieldPath.parse("UserData.Score").exists(struct())).isTrue();
            assertThat(FieldPath.parse("UserData.Nope").exists(struct())).isFalse();
            assertThat(FieldPath.parse("Parties.*.agentId").exists(event())).isTrue();
            assertThat(FieldPath.parse("Parties.*.nope").exists(event())).isFalse();
        }

        @Test
        void wildcardsVisitArrayElementsMapValuesAndStructFields() {
            assertThat(FieldPath.parse("Parties.*.role").getAll(event())).containsExactly("customer", "agent");
            assertThat(FieldPath.parse("Parties.*.role").getAll(struct())).containsExactly("customer", "agent");
            assertThat(FieldPath.parse("Parties.*.agentId").getAll(struct())).containsExactly(null, "A-1");
            assertThat(FieldPath.parse("UserData.IVRPath.*").getAll(event())).containsExactly("main", "billing");
            assertThat(FieldPath.parse("UserData.*").getAll(struct())).containsExactly("4111", "Silver", 42L);
            assertThat(FieldPath.parse("Labels.*.role").getAll(struct())).containsExactly("owner");
            assertThat(FieldPath.parse("*.node").getAll(Map.of("a", Map.of("node", 1), "b", Map.of()))).containsExactly(1);
            List<Object> seen = new ArrayList<>();
            FieldPath.parse("Parties.*").forEach(event(), seen::add);
            assertThat(seen).hasSize(3).containsNull();
        }

        @Test
        void readsGoThroughAvroUnionsToTheBranchThatIsSet() {
            Schema card = SchemaBuilder.struct().name("Card").optional().field("number", Schema.STRING_SCHEMA).build();
            Schema union = SchemaBuilder.struct().name("io.confluent.connect.avro.Union").optional()
                    .field("Card", card).field("string", Schema.OPTIONAL_STRING_SCHEMA).build();
            Schema schema = SchemaBuilder.struct().field("card", union).field("method", union)
                    .field("unset", union).field("tags", SchemaBuilder.map(Schema.STRING_SCHEMA, union).build()).build();
            Struct value = new Struct(schema)
                    .put("card", new Struct(union).put("Card", new Struct(card).put("number", "4111")))
                    .put("method", new Struct(union).put("string", "cash"))
                    .put("unset", new Struct(union))
                    .put("tags", Map.of("channel", new Struct(union).put("string", "voice")));

            assertThat(FieldPath.parse("card.number").get(value)).isEqualTo("4111");
            assertThat(FieldPath.parse("method").get(value)).isEqualTo("cash");
            assertThat(FieldPath.parse("tags.channel").get(value)).isEqualTo("voice");
            assertThat(FieldPath.parse("tags.*").getAll(value)).containsExactly("voice");
            assertThat(FieldPath.parse("card.*").getAll(value)).containsExactly("4111");
            assertThat(FieldPath.parse("card.number").exists(value)).isTrue();
            assertThat(FieldPath.parse("method.number").get(value)).isNull(); // a string branch: the field is absent
            assertThat(FieldPath.parse("unset").get(value)).isNull();
            assertThat(FieldPath.parse("unset.number").exists(value)).isFalse();
            assertThat(FieldPath.parse("card.Card.number").get(value)).isEqualTo("4111"); // naming the branch
            assertThat(FieldPath.parse("method.string").get(value)).isEqualTo("cash");
            assertThat(FieldPath.parse("method.Card").get(value)).isNull();
        }

        @Test
        void getRefusesWildcards() {
            assertThatThrownBy(() -> FieldPath.parse("a.*").get(event()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("getAll");
        }

        @Test
        void reachingThroughAScalarIsADataExceptionNamingPathAndSegment() {
            assertThatThrownBy(() -> FieldPath.parse("id.value").get(event()))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("'id.value'")
                    .hasMessageContaining("'id' is a java.lang.String")
                    .hasMessageContaining("segment 'value'");
            assertThatThrownBy(() -> FieldPath.parse("id.value").get(struct()))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("segment 'value'");
            assertThatThrownBy(() -> FieldPath.parse("a").get("just a string"))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("the root value");
            assertThatThrownBy(() -> FieldPath.parse("id.*").getAll(event()))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("segment '*'");
        }

        @Test
        void arraysAreOnlyEnteredThroughTheWildcard() {
            assertThatThrownBy(() -> FieldPath.parse("Parties.0.role").get(event()))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("'Parties' is an array")
                    .hasMessageContaining("use *");
        }
    }
}
