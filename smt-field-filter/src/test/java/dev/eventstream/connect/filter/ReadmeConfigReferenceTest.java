package dev.eventstream.connect.filter;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config reference in README.md is generated from the ConfigDefs ({@link ConfigDef#toEnrichedRst()}); this
 * test fails when it differs. To regenerate it after changing a ConfigDef:
 * {@code mvn -B -o -q test -pl smt-field-filter -am -Dtest=ReadmeConfigReferenceTest -Dreadme.regenerate=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReadmeConfigReferenceTest {

    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeHoldsTheGeneratedConfigReference() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String expected = replace(replace(readme, "FieldFilter", FieldFilterConfig.configDef()),
                "FieldMatches", FieldMatchesConfig.configDef());
        if (Boolean.getBoolean("readme.regenerate") && !expected.equals(readme)) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
            readme = expected;
        }
        assertThat(readme)
                .as("README.md config reference is stale: regenerate it (see ReadmeConfigReferenceTest)")
                .isEqualTo(expected);
    }

    private static String replace(String readme, String name, ConfigDef def) {
        String begin = "<!-- BEGIN GENERATED CONFIG: " + name + " -->\n";
        String end = "<!-- END GENERATED CONFIG: " + name + " -->";
        int start = readme.indexOf(begin);
        int stop = readme.indexOf(end);
        assertThat(start).as("README.md has the marker " + begin.trim()).isNotNegative();
        assertThat(stop).as("README.md has the marker " + end).isGreaterThan(start);
        String generated = "```rst\n" + def.toEnrichedRst() + "```\n";
        return readme.substring(0, start + begin.length()) + generated + readme.substring(stop);
    }
}
