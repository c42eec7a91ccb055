package dev.eventstream.connect.avro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader schemas known without a registry: every {@code *.avsc} under {@code schemas.dir}, parsed together
 * (so named types may reference each other across files), and the per-topic / default choices among them.
 */
final class LocalSchemas {

    private static final Logger log = LoggerFactory.getLogger(LocalSchemas.class);

    private final Map<String, Schema> byFullName;
    private final Map<String, Schema> byTopic;
    private final Schema defaultSchema;

    private LocalSchemas(Map<String, Schema> byFullName, Map<String, Schema> byTopic, Schema defaultSchema) {
        this.byFullName = byFullName;
        this.byTopic = byTopic;
        this.defaultSchema = defaultSchema;
    }

    static LocalSchemas load(AvroConverterConfig config) {
        List<Path> dirs = config.schemaDirs();
        SchemaParser parser = new SchemaParser();
        Map<Path, SchemaParser.ParseResult> parsed = new LinkedHashMap<>();
        for (Path dir : dirs) {
            for (Path file : avscFiles(dir)) {
                parsed.put(file, parseFile(parser, file, AvroConverterConfig.SCHEMAS_DIR));
            }
        }
        Map<Path, Schema> byFile = new HashMap<>();
        Map<String, Schema> byFullName = new HashMap<>();
        for (Map.Entry<Path, SchemaParser.ParseResult> entry : parsed.entrySet()) {
            Schema schema = resolve(parser, entry.getValue(), entry.getKey(), AvroConverterConfig.SCHEMAS_DIR);
            byFile.put(entry.getKey().toAbsolutePath().normalize(), schema);
            collectNamed(schema, byFullName);
        }
        log.info("Loaded {} Avro schema file(s) defining {} named type(s) from {}", byFile.size(),
                byFullName.size(), dirs);

        Map<String, Schema> byTopic = new HashMap<>();
        for (Map.Entry<String, String> entry : config.topicSchemas().entrySet()) {
            String key = AvroConverterConfig.SCHEMA_TOPIC_PREFIX + entry.getKey();
            byTopic.put(entry.getKey(), lookup(entry.getValue(), key, dirs, byFullName, byFile, parser));
        }
        Schema defaultSchema = config.defaultSchema() == null ? null
                : lookup(config.defaultSchema(), AvroConverterConfig.SCHEMA_DEFAULT, dirs, byFullName, byFile, parser);
        return new LocalSchemas(Collections.unmodifiableMap(byFullName), Collections.unmodifiableMap(byTopic),
                defaultSchema);
    }

    /** The reader schema configured for {@code topic} (its own, or the default), or null. */
    Schema forTopic(String topic) {
        Schema schema = byTopic.get(topic);
        return schema != null ? schema : defaultSchema;
    }

    boolean hasSchemaFor(String topic) {
        return forTopic(topic) != null;
    }

    Schema byFullName(String fullName) {
        return byFullName.get(fullName);
    }

    int namedTypes() {
        return byFullName.size();
    }

    private static Schema lookup(String reference, String key, List<Path> dirs, Map<String, Schema> byFullName,
                                 Map<Path, Schema> byFile, SchemaParser parser) {
        Schema named = byFullName.get(reference);
        if (named != null) {
            return named;
        }
        List<Path> candidates = new ArrayList<>();
        Path path = Path.of(reference);
        if (path.isAbsolute()) {
            candidates.add(path);
        } else {
            for (Path dir : dirs) {
                candidates.add(dir.resolve(path));
            }
            candidates.add(path);
        }
        for (Path candidate : candidates) {
            Path normalized = candidate.toAbsolutePath().normalize();
            Schema known = byFile.get(normalized);
            if (known != null) {
                return known;
            }
            if (Files.isRegularFile(normalized)) {
                Schema schema = resolve(parser, parseFile(parser, normalized, key), normalized, key);
                byFile.put(normalized, schema);
                return schema;
            }
        }
        throw new ConfigException(key, reference, "is neither the full name of a type found in "
                + AvroConverterConfig.SCHEMAS_DIR + " " + dirs + " nor a readable .avsc file");
    }

    private static List<Path> avscFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(AvroConverterConfig.SCHEMAS_DIR, dir.toString(), "is not a readable directory");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".avsc"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(AvroConverterConfig.SCHEMAS_DIR, dir.toString(),
                    "cannot be scanned: " + e.getMessage());
        }
    }

    private static SchemaParser.ParseResult parseFile(SchemaParser parser, Path file, String key) {
        try {
            return parser.parse(file);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key, file.toString(), "is not a valid Avro schema file: " + e.getMessage());
        }
    }

    private static Schema resolve(SchemaParser parser, SchemaParser.ParseResult result, Path file, String key) {
        try {
            return parser.resolve(result);
        } catch (RuntimeException e) {
            throw new ConfigException(key, file.toString(), "cannot be resolved (a referenced type is missing?): "
                    + e.getMessage());
        }
    }

    private static void collectNamed(Schema schema, Map<String, Schema> into) {
        switch (schema.getType()) {
            case RECORD -> {
                if (into.putIfAbsent(schema.getFullName(), schema) == null) {
                    for (Schema.Field field : schema.getFields()) {
                        collectNamed(field.schema(), into);
                    }
                }
            }
            case ENUM, FIXED -> into.putIfAbsent(schema.getFullName(), schema);
            case ARRAY -> collectNamed(schema.getElementType(), into);
            case MAP -> collectNamed(schema.getValueType(), into);
            case UNION -> schema.getTypes().forEach(branch -> collectNamed(branch, into));
            default -> {
                // primitives have no name to register
            }
        }
    }
}
