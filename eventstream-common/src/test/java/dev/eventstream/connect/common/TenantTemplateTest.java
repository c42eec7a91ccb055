package dev.eventstream.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantTemplateTest {

    private static final TenantTemplate KEY = TenantTemplate.parse("{tenant_id}:{agent_id}");
    private static final TenantTemplate TOPIC = TenantTemplate.parse("{tenant_id}.chat-events");

    @Test
    void namesInOrder() {
        assertThat(KEY.names()).containsExactly("tenant_id", "agent_id");
        assertThat(KEY.has("tenant_id")).isTrue();
        assertThat(KEY.has("callthread_id")).isFalse();
        assertThat(KEY).hasToString("{tenant_id}:{agent_id}");
        assertThat(KEY).isEqualTo(TenantTemplate.parse("{tenant_id}:{agent_id}")).hasSameHashCodeAs(TenantTemplate.parse("{tenant_id}:{agent_id}"));
    }

    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of("{tenant_id}:{agent_id}", "acme:A-1001", Map.of("tenant_id", "acme", "agent_id", "A-1001")),
                Arguments.of("{tenant_id}:{agent_id}", "acme:a:b", Map.of("tenant_id", "acme", "agent_id", "a:b")),
                Arguments.of("{tenant_id}:{agent_id}", "::x", Map.of("tenant_id", ":", "agent_id", "x")),
                Arguments.of("{tenant_id}.chat-events", "acme.chat-events", Map.of("tenant_id", "acme")),
                Arguments.of("{tenant_id}.chat-events", "acme.eu.chat-events", Map.of("tenant_id", "acme.eu")),
                Arguments.of("{tenant_id}", "anything at all", Map.of("tenant_id", "anything at all")),
                Arguments.of("t-{tenant_id}/{region}-x", "t-acme/eu-1-x", Map.of("tenant_id", "acme", "region", "eu-1")),
                Arguments.of("{a}--{b}", "x---y", Map.of("a", "x", "b", "-y")),
                Arguments.of("{{literal}}:{tenant_id}", "{literal}:acme", Map.of("tenant_id", "acme")),
                Arguments.of("{tenant_id}:{callthread_id}", "😀:日本", Map.of("tenant_id", "😀", "callthread_id", "日本")),
                Arguments.of("static", "static", Map.of()));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("matches")
    void matchesNonGreedyLastTakesTheRest(String template, String input, Map<String, String> expected) {
        TenantTemplate parsed = TenantTemplate.parse(template);
        assertThat(parsed.match(input)).contains(expected);
        assertThat(parsed.matches(input)).isTrue();
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            assertThat(parsed.extract(input, entry.getKey())).isEqualTo(entry.getValue());
        }
        assertThat(parsed.render(expected)).isEqualTo(input);
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("{tenant_id}:{agent_id}", "acme"),
                Arguments.of("{tenant_id}:{agent_id}", "acme:"),
                Arguments.of("{tenant_id}:{agent_id}", ":A-1"),
                Arguments.of("{tenant_id}:{agent_id}", ""),
                Arguments.of("{tenant_id}.chat-events", "acme.voice-events"),
                Arguments.of("{tenant_id}.chat-events", ".chat-events"),
                Arguments.of("{tenant_id}.chat-events", "chat-events"),
                Arguments.of("t-{tenant_id}", "acme"),
                Arguments.of("{a}.{b}.x", "p.x"),
                Arguments.of("static", "static2"));
    }

    @ParameterizedTest(name = "{0} !~ ''{1}''")
    @MethodSource("mismatches")
    void mismatchesIncludingEmptyValues(String template, String input) {
        TenantTemplate parsed = TenantTemplate.parse(template);
        assertThat(parsed.match(input)).isEmpty();
        assertThat(parsed.matches(input)).isFalse();
    }

    @Test
    void extractThrowsATypedDataException() {
        assertThatThrownBy(() -> KEY.extract("acme", "tenant_id"))
                .isInstanceOf(TemplateMismatchException.class)
                .isInstanceOf(DataException.class)
                .hasMessage("tenant template '{tenant_id}:{agent_id}' does not match 'acme'");
        assertThatThrownBy(() -> KEY.extract(null, "tenant_id"))
                .isInstanceOf(TemplateMismatchException.class)
                .hasMessage("tenant template '{tenant_id}:{agent_id}' does not match null");
        assertThat(KEY.match(null)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> KEY.extract("acme:x", "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{nope}");
    }

    @Test
    void mismatchCarriesTemplateInputAndCoordinates() {
        TemplateMismatchException e = new TemplateMismatchException("{tenant_id}:{agent_id}", "acme");
        assertThat(e.template()).isEqualTo("{tenant_id}:{agent_id}");
        assertThat(e.input()).isEqualTo("acme");
        TemplateMismatchException located = e.withCoordinates(new RecordCoordinates("voice-callthread", 2, 1815));
        assertThat(located).hasMessage("tenant template '{tenant_id}:{agent_id}' does not match 'acme'"
                + " (topic voice-callthread, partition 2, offset 1815)");
        assertThat(located.input()).isEqualTo("acme");
    }

    @Test
    void renderBuildsTopicNames() {
        assertThat(TOPIC.render(Map.of("tenant_id", "acme", "unused", "x"))).isEqualTo("acme.chat-events");
        assertThat(TenantTemplate.parse("{{{tenant_id}}}").render(Map.of("tenant_id", "a"))).isEqualTo("{a}");
        assertThatThrownBy(() -> TOPIC.render(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{tenant_id}");
        assertThatThrownBy(() -> TOPIC.render(Map.of("tenant_id", "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDollarSyntaxMatchesAndRendersAsTheBraceAlias() {
        TenantTemplate dollar = TenantTemplate.parse("${tenant_id}:${agent_id}");
        TenantTemplate braces = TenantTemplate.parse("{tenant_id}:{agent_id}");

        assertThat(dollar.names()).containsExactly("tenant_id", "agent_id");
        assertThat(dollar.match("acme:a:b")).isEqualTo(braces.match("acme:a:b"))
                .contains(Map.of("tenant_id", "acme", "agent_id", "a:b"));
        assertThat(dollar.terminator("tenant_id")).isEqualTo(":");
        assertThat(TenantTemplate.parse("$$.{tenant_id}").render(Map.of("tenant_id", "a")))
                .as("without ${ a template is read in the {name} alias, where $ is literal")
                .isEqualTo("$$.a");
        assertThat(TenantTemplate.parse("${tenant_id}.chat-events").render(Map.of("tenant_id", "acme")))
                .isEqualTo("acme.chat-events");
        assertThat(TenantTemplate.parse("$$${tenant_id}").render(Map.of("tenant_id", "acme"))).isEqualTo("$acme");
        assertThatThrownBy(() -> TenantTemplate.parse("${a}${b}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid template '${a}${b}': placeholders ${a} and ${b} are adjacent at index 4: "
                        + "without literal text between them the split is ambiguous");
        assertThatThrownBy(() -> TenantTemplate.parse("${a}:${a}"))
                .hasMessage("Invalid template '${a}:${a}': placeholder ${a} appears twice");
        assertThatThrownBy(() -> TenantTemplate.parse("${a}").render(Map.of()))
                .hasMessage("Template '${a}' needs a non-empty value for ${a}");
    }

    static Stream<Arguments> invalidTemplates() {
        return Stream.of(
                Arguments.of("", "must not be empty"),
                Arguments.of("{}", "empty placeholder name at index 0"),
                Arguments.of("a:{}", "empty placeholder name at index 2"),
                Arguments.of("{a}:{a}", "{a} appears twice"),
                Arguments.of("{a}{b}", "{a} and {b} are adjacent at index 3"),
                Arguments.of("{tenant_id", "'{' at index 0 is never closed"),
                Arguments.of("x}", "'}' at index 1 has no matching '{'"),
                Arguments.of("{a-b}", "invalid character '-' at index 2"),
                Arguments.of("{a{b}}", "invalid character '{' at index 2"),
                Arguments.of("{ a }", "invalid character ' ' at index 1"));
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("invalidTemplates")
    void invalidTemplatesSayWhatIsWrong(String template, String problem) {
        assertThatThrownBy(() -> TenantTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining(template.isEmpty() ? "Template" : "'" + template + "'");
    }

    @Test
    void validatorNamesTheKeyAndCanRequireNames() {
        ConfigDef.Validator validator = TenantTemplate.validator("tenant_id");
        validator.ensureValid("tenant.template", "{tenant_id}:{agent_id}");
        validator.ensureValid("tenant.template", null);
        assertThatThrownBy(() -> validator.ensureValid("tenant.template", "{a}:{a}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value {a}:{a} for configuration tenant.template: placeholder {a} appears twice");
        assertThatThrownBy(() -> validator.ensureValid("tenant.template", "{a}{b}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenant.template")
                .hasMessageContaining("adjacent");
        assertThatThrownBy(() -> validator.ensureValid("tenant.template", "{agent_id}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("{tenant_id}");
        TenantTemplate.validator().ensureValid("topic.template", "{agent_id}");
    }

    @Test
    void theTerminatorIsTheTextBeforeTheNextPlaceholder() {
        assertThat(TenantTemplate.parse("{tenant_id}:{callthread_id}").terminator("tenant_id")).isEqualTo(":");
        assertThat(TenantTemplate.parse("t-{tenant_id}--{a}.x").terminator("tenant_id")).isEqualTo("--");
        assertThat(TenantTemplate.parse("{tenant_id}.chat-events").terminator("tenant_id")).isNull();
        assertThat(TenantTemplate.parse("{a}:{tenant_id}").terminator("tenant_id")).isNull();
        assertThatThrownBy(() -> TenantTemplate.parse("{a}").terminator("tenant_id"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
