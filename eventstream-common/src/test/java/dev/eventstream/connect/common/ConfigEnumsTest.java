package dev.eventstream.connect.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigEnumsTest {

    enum Missing { FAIL, NO_MATCH, MATCH }

    @Test
    void namesAreLowerCaseWithDashesInDeclarationOrder() {
        assertThat(ConfigEnums.names(Missing.class)).containsExactly("fail", "no-match", "match");
        assertThat(ConfigEnums.configName(Missing.NO_MATCH)).isEqualTo("no-match");
    }

    @Test
    void parseReadsTheConfigNameInAnyCase() {
        assertThat(ConfigEnums.parse(Missing.class, "no-match")).isEqualTo(Missing.NO_MATCH);
        assertThat(ConfigEnums.parse(Missing.class, "NO-MATCH")).isEqualTo(Missing.NO_MATCH);
    }

    @Test
    void validatorAndRecommenderComeFromTheEnum() {
        ConfigDef.ValidString validator = ConfigEnums.validator(Missing.class);
        validator.ensureValid("k", "no-match");
        assertThatThrownBy(() -> validator.ensureValid("k", "skip"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value skip for configuration k: String must be one of: fail, no-match, match");
        assertThat(ConfigEnums.recommender(Missing.class).validValues("k", Map.of()))
                .containsExactly("fail", "no-match", "match");
    }
}
