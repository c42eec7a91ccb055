package dev.eventstream.connect.rest;

import dev.eventstream.connect.testing.ReadmeConfigReference;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is generated from the ConfigDef. When this test fails, regenerate it:
 * {@code mvn -o test -pl eventstream-rest -am -Dtest=ConfigReferenceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Drest.readme.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void readmeReferenceMatchesTheConfigDef() throws IOException {
        ReadmeConfigReference.assertUpToDate(Path.of("README.md"),
            "\n```rst\n" + EventStreamRestConfig.configDef().toEnrichedRst() + "```\n", "rest.readme.regenerate");
    }
}
