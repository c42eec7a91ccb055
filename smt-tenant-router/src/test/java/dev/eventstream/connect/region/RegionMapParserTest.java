package dev.eventstream.connect.region;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionMapParserTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTenantsAndRegionsExactlyAsWritten() throws IOException {
        assertThat(RegionMapParser.parse(utf8("{\"acme\":\"eu\",\"ACME\":\"us\",\"acme \":\"ap\",\"åcme\":\"eu \"}")))
                .containsOnly(
                        org.assertj.core.api.Assertions.entry("acme", "eu"),
                        org.assertj.core.api.Assertions.entry("ACME", "us"),
                        org.assertj.core.api.Assertions.entry("acme ", "ap"),
                        org.assertj.core.api.Assertions.entry("åcme", "eu "));
    }

    @Test
    void emptyObjectIsAnEmptyMap() throws IOException {
        assertThat(RegionMapParser.parse(utf8("{}"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"eu\"", "{\"acme\":", "{\"acme\":1}", "{\"acme\":null}", "{\"acme\":\"\"}",
            "{\"\":\"eu\"}", "{\"acme\":{\"region\":\"eu\"}}", "{\"acme\":\"eu\",\"acme\":\"us\"}"})
    void rejectsAnythingButAnObjectOfNonEmptyStrings(String json) {
        assertThatThrownBy(() -> RegionMapParser.parse(utf8(json))).isInstanceOf(IOException.class)
                .hasMessageContaining("region");
    }

    @Test
    void namesTheTenantWithABadRegion() {
        assertThatThrownBy(() -> RegionMapParser.parse(utf8("{\"acme\":\"eu\",\"globex\":42}")))
                .hasMessageContaining("'globex'");
    }
}
