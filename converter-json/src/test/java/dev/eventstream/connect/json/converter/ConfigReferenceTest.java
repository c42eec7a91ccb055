package dev.eventstream.connect.json.converter;

import dev.eventstream.connect.convert.ConvertValueConfig;
import dev.eventstream.connect.testing.ReadmeConfigReference;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference of both plugins is generated from their ConfigDefs. When this test fails,
 * regenerate it: {@code /work/wt/mvnl -o test -pl converter-json -am -Dtest=ConfigReferenceTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dconverter.json.readme.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void readmeReferenceMatchesTheConfigDefs() throws IOException {
        ReadmeConfigReference.assertUpToDate(Path.of("README.md"),
                "\n### `JsonConverter`\n\n```rst\n" + JsonConverterConfig.configDef().toEnrichedRst() + "```\n"
                        + "\n### `ConvertValue`\n\n```rst\n" + ConvertValueConfig.configDef().toEnrichedRst() + "```\n",
                "converter.json.readme.regenerate");
    }
}
