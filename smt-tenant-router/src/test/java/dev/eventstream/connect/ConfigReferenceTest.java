package dev.eventstream.connect;

import dev.eventstream.connect.region.InPrimaryRegionConfig;
import dev.eventstream.connect.tenant.TenantMatchesConfig;
import dev.eventstream.connect.tenant.TenantRouterConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference is generated from the ConfigDefs (a Markdown table per plugin, one row
 * per key in group order, with type, default, valid values, importance and documentation): this test fails when
 * it is out of date, and rewrites it when run with {@code -Deventstream.readme.update=true}. Kafka's
 * {@code toHtmlTable()} is not used: it emits unbalanced cells and leaves {@code <name>} in key names unescaped.
 */
class ConfigReferenceTest {

    private static final String BEGIN = "<!-- BEGIN GENERATED CONFIG REFERENCE -->\n";
    private static final String END = "<!-- END GENERATED CONFIG REFERENCE -->";
    private static final Path README = Path.of("README.md");

    static String reference() {
        return "### TenantRouter\n\n"
                + "`transforms.<alias>.type=dev.eventstream.connect.tenant.TenantRouter`\n\n"
                + markdown(TenantRouterConfig.configDef()) + "\n"
                + "#### TenantRouter rule keys\n\n"
                + "One set per name listed in `rules`; `<name>` is the rule's name.\n\n"
                + markdown(TenantRouterConfig.ruleConfigDef("<name>")) + "\n"
                + "### TenantMatches\n\n"
                + "`predicates.<alias>.type=dev.eventstream.connect.tenant.TenantMatches`\n\n"
                + markdown(TenantMatchesConfig.configDef()) + "\n"
                + "### InPrimaryRegion\n\n"
                + "`predicates.<alias>.type=dev.eventstream.connect.region.InPrimaryRegion`; any other consumer "
                + "property can be given as `region.kafka.<property>`.\n\n"
                + markdown(InPrimaryRegionConfig.configDef()) + "\n";
    }

    /** A Markdown table of the keys of {@code def}, ordered by group then order in group. */
    static String markdown(ConfigDef def) {
        List<String> groups = def.groups();
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(def.configKeys().values());
        keys.sort(Comparator.comparingInt((ConfigDef.ConfigKey key) -> groups.indexOf(key.group))
                .thenComparingInt(key -> key.orderInGroup));
        StringBuilder out = new StringBuilder()
                .append("| Key | Type | Default | Valid values | Importance | Description |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (ConfigDef.ConfigKey key : keys) {
            out.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "*required*";
        }
        if (key.defaultValue == null) {
            return "*unset*";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "*empty*" : "`" + text + "`";
    }

    /** Escapes what Markdown tables and inline HTML would swallow. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\n", " ");
    }

    @Test
    void readmeReferenceMatchesTheConfigDefs() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README has the begin marker").isNotNegative();
        assertThat(end).as("README has the end marker after the begin marker").isGreaterThan(begin);
        String current = readme.substring(begin + BEGIN.length(), end);
        String expected = reference();

        if (Boolean.getBoolean("eventstream.readme.update") && !current.equals(expected)) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + expected + readme.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(current)
                .as("README.md configuration reference is out of date; regenerate it with "
                        + "-Deventstream.readme.update=true (see README.md)")
                .isEqualTo(expected);
    }

    @Test
    void theReferenceDocumentsEveryKeyWithAText() {
        String reference = reference();
        for (String key : TenantRouterConfig.configDef().names()) {
            assertThat(reference).contains("| `" + key + "` |");
        }
        for (String key : InPrimaryRegionConfig.configDef().names()) {
            assertThat(reference).contains("| `" + key + "` |");
        }
        TenantRouterConfig.configDef().configKeys().values().forEach(key ->
                assertThat(key.documentation).as(key.name).isNotBlank());
        InPrimaryRegionConfig.configDef().configKeys().values().forEach(key ->
                assertThat(key.documentation).as(key.name).isNotBlank());
        TenantMatchesConfig.configDef().configKeys().values().forEach(key ->
                assertThat(key.documentation).as(key.name).isNotBlank());
    }
}
