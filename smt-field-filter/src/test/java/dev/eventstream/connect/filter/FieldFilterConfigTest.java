package dev.eventstream.connect.filter;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldFilterConfigTest {

    @Test
    void readsEveryKeyWithDefaults() {
        FieldFilterConfig config = new FieldFilterConfig(Map.of("fields.drop", "a,b.c", "fields.mask", "`x.y`.z",
                "fields.hash", "Extensions.*.email", "fields.hash.secret", "k"));

        assertThat(config.drop()).extracting(Object::toString).containsExactly("a", "b.c");
        assertThat(config.mask().get(0).segments()).containsExactly("x.y", "z");
        assertThat(config.hash().get(0).isWildcard(1)).isTrue();
        assertThat(config.keep()).isEmpty();
        assertThat(config.maskReplacement()).isEqualTo("****");
        assertThat(config.maskKeepLast()).isZero();
        assertThat(config.hashSecret().value()).isEqualTo("k");
    }

    @Test
    void atLeastOneOperationIsRequired() {
        assertThatThrownBy(() -> new FieldFilterConfig(Map.of("fields.mask.keep.last", "4")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value  for configuration fields.drop: name a field here or in fields.keep, "
                        + "fields.mask or fields.hash; with none, this transformation would do nothing");
    }

    @Test
    void dropAndKeepAreMutuallyExclusive() {
        assertThatThrownBy(() -> new FieldFilterConfig(Map.of("fields.drop", "a", "fields.keep", "b")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [b] for configuration fields.keep: fields.drop is set too; set only one: "
                        + "this key already removes every field it does not name");
    }

    @Test
    void hashNeedsASecret() {
        assertThatThrownBy(() -> new FieldFilterConfig(Map.of("fields.hash", "a")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value null for configuration fields.hash.secret: required when fields.hash is set");
    }

    @Test
    void aPathHasOneOperation() {
        assertThatThrownBy(() -> new FieldFilterConfig(Map.of("fields.drop", "a.b", "fields.mask", "a.b")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value a.b for configuration fields.mask: also listed in fields.drop; a field can "
                        + "have one operation: remove it from one of the two");
    }

    @Test
    void malformedPathsNameTheKeyAndTheProblem() {
        assertThatThrownBy(() -> new FieldFilterConfig(Map.of("fields.drop", "a..b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fields.drop").hasMessageContaining("empty segment");
        assertThatThrownBy(() -> new FieldFilterConfig(Map.of("fields.mask", "`a.b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fields.mask").hasMessageContaining("unterminated backtick");
    }

    @Test
    void negativeKeepLastIsRejected() {
        assertThatThrownBy(() -> new FieldFilterConfig(Map.of("fields.mask", "a", "fields.mask.keep.last", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fields.mask.keep.last");
    }

    @Test
    void theSecretIsAPasswordAndValidationShowsErrorsNextToTheirKey() {
        ConfigDef def = FieldFilterConfig.configDef();
        assertThat(def.configKeys().get("fields.hash.secret").type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(def.configKeys().values()).allSatisfy(key -> {
            assertThat(key.group).isNotBlank();
            assertThat(key.displayName).isNotBlank();
            assertThat(key.documentation).isNotBlank();
        });

        List<ConfigValue> values = def.validate(Map.of("fields.drop", "a..b", "fields.hash.secret", "very-secret"));
        ConfigValue drop = values.stream().filter(v -> v.name().equals("fields.drop")).findFirst().orElseThrow();
        assertThat(drop.errorMessages()).singleElement().asString().contains("empty segment");
        ConfigValue secret = values.stream().filter(v -> v.name().equals("fields.hash.secret")).findFirst().orElseThrow();
        assertThat(String.valueOf(secret.value())).doesNotContain("very-secret");
    }

    @Test
    void theTransformationExposesTheConfigDef() {
        FieldFilter<org.apache.kafka.connect.sink.SinkRecord> transform = new FieldFilter.Value<>();
        assertThat(transform.config().names()).containsExactlyInAnyOrder("fields.drop", "fields.keep", "fields.mask",
                "fields.mask.replacement", "fields.mask.keep.last", "fields.hash", "fields.hash.secret");
        assertThatThrownBy(() -> transform.configure(Map.of("fields.keep", "a", "fields.drop", "b")))
                .isInstanceOf(ConfigException.class);
    }
}
