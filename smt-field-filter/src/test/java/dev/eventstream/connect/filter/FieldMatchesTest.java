package dev.eventstream.connect.filter;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldMatchesTest {

    private final FieldMatches<SinkRecord> predicate = new FieldMatches<>();

    @AfterEach
    void close() {
        predicate.close();
    }

    private static SinkRecord record(boolean struct) {
        return struct ? CallEvents.valueRecord(CallEvents.SCHEMA, CallEvents.struct())
                : CallEvents.valueRecord(null, CallEvents.map());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesTheDefaultFieldIdByExactValue(boolean struct) {
        predicate.configure(Map.of("values", "EventRinging,EventEstablished"));
        assertThat(predicate.test(record(struct))).isTrue();

        predicate.configure(Map.of("values", "EventRinging,EventReleased"));
        assertThat(predicate.test(record(struct))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesByGlob(boolean struct) {
        predicate.configure(Map.of("patterns", "EventAgent*,Event*lished"));
        assertThat(predicate.test(record(struct))).isTrue();

        predicate.configure(Map.of("patterns", "EventAgent*,Event?"));
        assertThat(predicate.test(record(struct))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesNestedFieldsNumbersBooleansAndWildcards(boolean struct) {
        predicate.configure(Map.of("field", "UserData.Pin", "values", "1234"));
        assertThat(predicate.test(record(struct))).isTrue();

        predicate.configure(Map.of("field", "recorded", "values", "true"));
        assertThat(predicate.test(record(struct))).isTrue();

        predicate.configure(Map.of("field", "Parties.*.name", "values", "Bob"));
        assertThat(predicate.test(record(struct))).isTrue();

        predicate.configure(Map.of("field", "Parties.*.name", "patterns", "C*"));
        assertThat(predicate.test(record(struct))).isFalse();

        predicate.configure(Map.of("field", "Extensions.email", "patterns", "*@example.com"));
        assertThat(predicate.test(record(struct))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aMissingOrNullFieldOrATombstoneDoesNotMatch(boolean struct) {
        predicate.configure(Map.of("field", "UserData.Missing", "patterns", "*"));
        assertThat(predicate.test(record(struct))).isFalse();

        predicate.configure(Map.of("field", "UserData.CreditCard", "patterns", "*"));
        SinkRecord nullCard;
        if (struct) {
            nullCard = CallEvents.valueRecord(CallEvents.SCHEMA, CallEvents.struct()
                    .put("UserData", new org.apache.kafka.connect.data.Struct(CallEvents.USER_DATA).put("Pin", 1)));
        } else {
            Map<String, Object> map = CallEvents.map();
            ((Map<String, Object>) map.get("UserData")).put("CreditCard", null);
            nullCard = CallEvents.valueRecord(null, map);
        }
        assertThat(predicate.test(nullCard)).isFalse();
        assertThat(predicate.test(CallEvents.valueRecord(struct ? CallEvents.SCHEMA : null, null))).isFalse();
    }

    @Test
    void containersDoNotMatchAndDecimalsCompareByPlainText() {
        predicate.configure(Map.of("field", "UserData", "patterns", "*"));
        assertThat(predicate.test(record(false))).isFalse();

        Map<String, Object> value = new HashMap<>();
        value.put("amount", new BigDecimal("1E+3"));
        predicate.configure(Map.of("field", "amount", "values", "1000"));
        assertThat(predicate.test(CallEvents.valueRecord(null, value))).isTrue();
    }

    @Test
    void aPathThroughAScalarOrAScalarValueIsADataExceptionWithCoordinates() {
        predicate.configure(Map.of("field", "id.type", "values", "x"));
        assertThatThrownBy(() -> predicate.test(record(false)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("id.type")
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)");

        predicate.configure(Map.of("values", "x"));
        assertThatThrownBy(() -> predicate.test(CallEvents.valueRecord(Schema.STRING_SCHEMA, "EventRinging")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("offset 1815");
    }

    @Test
    void configurationErrorsNameTheKey() {
        assertThatThrownBy(() -> predicate.configure(Map.of("field", "id")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value  for configuration values: set it or patterns; with neither, no record "
                        + "could match");
        assertThatThrownBy(() -> predicate.configure(Map.of("patterns", "Event*,")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [Event*, ] for configuration patterns: a pattern is empty: remove the extra "
                        + "comma");
        assertThatThrownBy(() -> predicate.configure(Map.of("field", "a..b", "values", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field").hasMessageContaining("empty segment");
        assertThat(predicate.config().names()).containsExactlyInAnyOrder("field", "values", "patterns");
    }

    @Test
    void aGlobWildcardInExactValuesIsRefusedWithAPointerToPatterns() {
        assertThatThrownBy(() -> predicate.configure(Map.of("values", "EventEstablished,EventAgent*")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [EventEstablished, EventAgent*] for configuration values: 'EventAgent*' "
                        + "contains *, but values are compared exactly, so it would only match that very text; "
                        + "put globs in patterns (patterns=EventAgent*), where a literal * or ? is written \\* or \\?");
        assertThatThrownBy(() -> predicate.configure(Map.of("values", "Event?eld")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [Event?eld] for configuration values: 'Event?eld' contains ?, but values "
                        + "are compared exactly, so it would only match that very text; put globs in patterns "
                        + "(patterns=Event?eld), where a literal * or ? is written \\* or \\?");
    }

    @Test
    void connectsValidationShowsTheGlobInValuesNextToTheKey() {
        Map<String, ConfigValue> results = predicate.config()
                .validate(Map.of("values", "EventAgent*", "patterns", "EventRinging")).stream()
                .collect(Collectors.toMap(ConfigValue::name, value -> value));

        assertThat(results.get("values").errorMessages()).singleElement().asString()
                .contains("'EventAgent*' contains *").contains("patterns=EventAgent*");
        assertThat(results.get("patterns").errorMessages()).isEmpty();
    }

    @Test
    void escapedWildcardsInPatternsMatchLiteralStars() {
        predicate.configure(Map.of("field", "Extensions.email", "patterns", "alice@example.com\\*"));
        Map<String, Object> value = CallEvents.map();
        ((Map<String, Object>) value.get("Extensions")).put("email", "alice@example.com*");

        assertThat(predicate.test(CallEvents.valueRecord(null, value))).isTrue();
        assertThat(predicate.test(record(false))).isFalse();
    }

    @Test
    void withKafkasFilterItSelectsEventTypes() {
        Filter<SinkRecord> filter = new Filter<>();
        filter.configure(Map.of());
        predicate.configure(Map.of("values", "EventEstablished,EventReleased", "patterns", "EventAgent*"));
        List<String> types = List.of("EventRinging", "EventEstablished", "EventAgentReady", "EventReleased", "EventHeld");

        List<String> kept = types.stream()
                .map(type -> CallEvents.valueRecord(null, new HashMap<>(Map.of("id", type))))
                .map(record -> predicate.test(record) ? record : filter.apply(record)) // Filter with negate=true
                .filter(java.util.Objects::nonNull)
                .map(record -> (String) ((Map<?, ?>) record.value()).get("id"))
                .toList();

        assertThat(kept).containsExactly("EventEstablished", "EventAgentReady", "EventReleased");
        filter.close();
    }
}
