package dev.eventstream.connect.control.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstream.connect.control.ExampleConfigs;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {

    @Test
    void everyBundledSchemaUsesOnlyImplementedKeywords() {
        for (String schema : new String[] {"deployment.schema.json", "topic-details.schema.json", "endpoint.schema.json"}) {
            assertThat(JsonSchemaValidator.load(schema)).isNotNull();
        }
    }

    @Test
    void aSchemaWithAnUnimplementedKeywordIsRefused() {
        assertThatThrownBy(() -> JsonSchemaValidator.load("test-unsupported.schema.json"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("JSON Schema test-unsupported.schema.json uses keyword 'oneOf' at '/properties/a', "
                + "which the validator does not implement");
    }

    @Test
    void ifThenElseAndNotApply() {
        JsonSchemaValidator endpoint = JsonSchemaValidator.load("endpoint.schema.json");
        var violations = endpoint.validate(ExampleConfigs.json("""
            {"tenant": "acme", "name": "x", "type": "kafka", "url": "https://a.example", "topics": ["t"]}"""), p -> p);
        assertThat(violations).extracting(JsonSchemaValidator.Violation::pointer).containsExactly("/kafka", "/url");
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        assertThat(JsonSchemaValidator.escape("a/b~c")).isEqualTo("a~1b~0c");
    }
}
