package dev.eventstream.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholderTemplateTest {

    @Test
    void rendersRouteTemplates() {
        PlaceholderTemplate route = PlaceholderTemplate.parse("${topic}.${tenant}");
        assertThat(route.names()).containsExactly("topic", "tenant");
        assertThat(route.has("tenant")).isTrue();
        assertThat(route.isConstant()).isFalse();
        assertThat(route.render(Map.of("topic", "voice-callthread", "tenant", "acme"))).isEqualTo("voice-callthread.acme");
        assertThat(route.render(name -> name.toUpperCase())).isEqualTo("TOPIC.TENANT");
        assertThat(route).hasToString("${topic}.${tenant}").isEqualTo(PlaceholderTemplate.parse("${topic}.${tenant}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "es-dlq-${tenant}-${endpoint}|es-dlq-acme-crm",
        "${topic}-${topic}|t-t",
        "plain|plain",
        "cost$5|cost$5",
        "a$$b|a$b",
        "$${topic}|${topic}",
        "ends with $|ends with $",
        "${my.name-1_x}!|v!"})
    void substitution(String template, String expected) {
        Map<String, String> values = Map.of("tenant", "acme", "endpoint", "crm", "topic", "t", "my.name-1_x", "v");
        assertThat(PlaceholderTemplate.parse(template).render(values)).isEqualTo(expected);
    }

    @Test
    void constantTemplate() {
        assertThat(PlaceholderTemplate.parse("$${x}").isConstant()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "${topic|never closed",
        "a.${}|empty placeholder name at index 2",
        "${file:/etc/x:key}|invalid character ':' at index 6",
        "${a b}|invalid character ' '"})
    void invalidTemplates(String template, String problem) {
        assertThatThrownBy(() -> PlaceholderTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + template + "'")
                .hasMessageContaining(problem);
        assertThatThrownBy(() -> PlaceholderTemplate.parse(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingValueIsAnError() {
        assertThatThrownBy(() -> PlaceholderTemplate.parse("${topic}.${tenant}").render(Map.of("topic", "t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${tenant}");
    }

    @Test
    void validatorRestrictsNames() {
        ConfigDef.Validator validator = PlaceholderTemplate.validator("topic", "tenant");
        validator.ensureValid("route.topic", "${topic}.${tenant}");
        validator.ensureValid("route.topic", null);
        assertThatThrownBy(() -> validator.ensureValid("route.topic", "${topic}.${region}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("route.topic")
                .hasMessageContaining("${region}")
                .hasMessageContaining("allowed: ${topic}, ${tenant}");
        assertThatThrownBy(() -> validator.ensureValid("route.topic", "${topic"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value ${topic for configuration route.topic: '${' at index 0 is never closed "
                        + "with '}'");
        PlaceholderTemplate.validator().ensureValid("x", "${anything}");
    }

    @Test
    void separatorsOfANameAreTheLiteralsBetweenItAndNeighbouringPlaceholders() {
        assertThat(PlaceholderTemplate.parse("${topic}.${tenant}").separatorsOf("tenant")).containsExactly(".");
        assertThat(PlaceholderTemplate.parse("t-${tenant}_${topic}-x").separatorsOf("tenant")).containsExactly("_");
        assertThat(PlaceholderTemplate.parse("tenants.${tenant}").separatorsOf("tenant")).isEmpty();
        assertThat(PlaceholderTemplate.parse("${topic}${tenant}").separatorsOf("tenant")).containsExactly("");
        assertThat(PlaceholderTemplate.parse("${topic}").separatorsOf("tenant")).isEmpty();
    }
}
