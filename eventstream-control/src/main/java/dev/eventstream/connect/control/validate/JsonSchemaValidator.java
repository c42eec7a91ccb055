package dev.eventstream.connect.control.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Validates a JSON document against one of the suite's JSON Schemas (draft 2020-12), published in
 * {@code connector-configs/schemas/} and bundled in this jar.
 *
 * <p>It implements the keywords those schemas use, and refuses a schema with any other keyword, so a schema
 * never means more than what is checked: {@code type, enum, const, properties, required, additionalProperties,
 * pattern, minLength, minimum, maximum, items, minItems, uniqueItems, $ref} (within a file and to a sibling
 * file), {@code allOf, if/then/else, not}, and {@code writeOnly}, which marks a secret: its value must be a
 * config-provider reference. Hand-written rather than a library so that each violation carries the fix
 * (with "did you mean") and the worker's plugin path gets no validator jar; see docs/decisions.md.
 */
public final class JsonSchemaValidator {

    private static final String RESOURCE_DIR = "/dev/eventstream/connect/control/schemas/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description",
        "default", "examples");
    private static final Set<String> KEYWORDS = Set.of("type", "enum", "const", "properties", "required",
        "additionalProperties", "pattern", "minLength", "minimum", "maximum", "items", "minItems", "uniqueItems",
        "$ref", "allOf", "if", "then", "else", "not", "writeOnly");

    private final String name;
    private final Map<String, JsonNode> documents = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    private JsonSchemaValidator(String name) {
        this.name = name;
        document(name);
    }

    /** Loads a bundled schema by file name, e.g. {@code endpoint.schema.json}, and checks its keywords. */
    public static JsonSchemaValidator load(String schemaFile) {
        return new JsonSchemaValidator(schemaFile);
    }

    /**
     * The violations of {@code instance}, in document order.
     *
     * @param secretKey turns the JSON pointer of a secret written in clear into the key of the suggested
     *                  reference in the secrets file
     */
    public List<Violation> validate(JsonNode instance, UnaryOperator<String> secretKey) {
        List<Violation> violations = new ArrayList<>();
        new Run(secretKey, violations).check(documents.get(name), name, instance, "");
        return violations;
    }

    /** One schema violation: the JSON pointer of the value, what is wrong, and the fix. */
    public record Violation(String pointer, String message, String fix) { }

    private JsonNode document(String file) {
        return documents.computeIfAbsent(file, f -> {
            try (InputStream in = JsonSchemaValidator.class.getResourceAsStream(RESOURCE_DIR + f)) {
                if (in == null) {
                    throw new IllegalArgumentException("No bundled JSON Schema " + f);
                }
                JsonNode schema = MAPPER.readTree(in);
                checkKeywords(f, schema, "");
                return schema;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read JSON Schema " + f, e);
            }
        });
    }

    private static void checkKeywords(String file, JsonNode schema, String at) {
        if (schema.isBoolean()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (!KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalStateException("JSON Schema " + file + " uses keyword '" + keyword + "' at '" + at
                    + "', which the validator does not implement");
            }
            switch (keyword) {
                case "properties", "$defs" -> value.properties().forEach(
                    e -> checkKeywords(file, e.getValue(), at + "/" + keyword + "/" + e.getKey()));
                case "allOf" -> {
                    for (int i = 0; i < value.size(); i++) {
                        checkKeywords(file, value.get(i), at + "/allOf/" + i);
                    }
                }
                case "items", "if", "then", "else", "not" -> checkKeywords(file, value, at + "/" + keyword);
                case "additionalProperties" -> checkKeywords(file, value, at + "/" + keyword);
                default -> { }
            }
        }
    }

    /** One validation pass; collects violations. */
    private final class Run {
        private final UnaryOperator<String> secretKey;
        private final List<Violation> out;

        Run(UnaryOperator<String> secretKey, List<Violation> out) {
            this.secretKey = secretKey;
            this.out = out;
        }

        void check(JsonNode schema, String file, JsonNode value, String pointer) {
            if (schema.isBoolean()) {
                if (!schema.booleanValue()) {
                    out.add(new Violation(pointer, "not allowed here", "remove it"));
                }
                return;
            }
            if (schema.has("$ref")) {
                String ref = schema.get("$ref").asText();
                int hash = ref.indexOf('#');
                String refFile = hash > 0 ? ref.substring(0, hash) : file;
                String fragment = hash >= 0 ? ref.substring(hash + 1) : "";
                check(document(refFile).at(fragment), refFile, value, pointer);
            }
            if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
                out.add(new Violation(pointer, "expected " + typeText(schema.get("type")) + ", found " + kind(value),
                    "write " + typeText(schema.get("type")) + describe(schema)));
                return;
            }
            if (schema.has("enum")) {
                checkEnum(schema, value, pointer);
            }
            if (schema.has("const") && !schema.get("const").equals(value)) {
                out.add(new Violation(pointer, "must be " + schema.get("const"), "set it to " + schema.get("const")));
            }
            if (value.isTextual()) {
                checkString(schema, value.textValue(), pointer);
            }
            if (value.isNumber()) {
                checkNumber(schema, value, pointer);
            }
            if (value.isObject()) {
                checkObject(schema, file, value, pointer);
            }
            if (value.isArray()) {
                checkArray(schema, file, value, pointer);
            }
            if (schema.has("allOf")) {
                schema.get("allOf").forEach(sub -> check(sub, file, value, pointer));
            }
            if (schema.has("if")) {
                boolean holds = holds(schema.get("if"), file, value, pointer);
                String branch = holds ? "then" : "else";
                if (schema.has(branch)) {
                    check(schema.get(branch), file, value, pointer);
                }
            }
            if (schema.has("not") && holds(schema.get("not"), file, value, pointer)) {
                checkNot(schema.get("not"), pointer);
            }
        }

        private boolean holds(JsonNode schema, String file, JsonNode value, String pointer) {
            List<Violation> probe = new ArrayList<>();
            new Run(secretKey, probe).check(schema, file, value, pointer);
            return probe.isEmpty();
        }

        private void checkNot(JsonNode not, String pointer) {
            if (not.has("required")) {
                for (JsonNode key : not.get("required")) {
                    out.add(new Violation(pointer + "/" + escape(key.asText()), "not allowed with the other settings here",
                        "remove \"" + key.asText() + "\""));
                }
            } else {
                out.add(new Violation(pointer, "must not match " + not, "change the value"));
            }
        }

        private void checkEnum(JsonNode schema, JsonNode value, String pointer) {
            for (JsonNode allowed : schema.get("enum")) {
                if (allowed.equals(value)) {
                    return;
                }
            }
            List<String> names = new ArrayList<>();
            schema.get("enum").forEach(v -> names.add(v.asText()));
            String suggestion = value.isTextual() ? DidYouMean.suggest(value.textValue(), names) : "";
            out.add(new Violation(pointer, (value.isTextual() ? "'" + value.textValue() + "'" : value.toString())
                + " is not one of " + names, "use one of " + names + suggestion));
        }

        private void checkString(JsonNode schema, String text, String pointer) {
            if (schema.path("writeOnly").asBoolean(false) && !SecretReferences.isReference(text)) {
                out.add(new Violation(pointer, "a secret is written in clear (its value is not shown here)",
                    "put the value in the secrets file and write the config-provider reference "
                        + SecretReferences.suggest(secretKey.apply(pointer)) + " instead"));
                return;
            }
            if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asInt()) {
                out.add(new Violation(pointer, "must not be empty", "write a value" + describe(schema)));
            }
            if (schema.has("pattern")) {
                String regex = schema.get("pattern").asText();
                Pattern pattern = patterns.computeIfAbsent(regex, Pattern::compile);
                if (!pattern.matcher(text).find()) {
                    out.add(new Violation(pointer, "does not match the pattern " + regex,
                        "write a value that matches it" + describe(schema)));
                }
            }
        }

        private void checkNumber(JsonNode schema, JsonNode value, String pointer) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                out.add(new Violation(pointer, value + " is below the minimum " + schema.get("minimum"),
                    "write a value of at least " + schema.get("minimum")));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                out.add(new Violation(pointer, value + " is above the maximum " + schema.get("maximum"),
                    "write a value of at most " + schema.get("maximum")));
            }
        }

        private void checkObject(JsonNode schema, String file, JsonNode value, String pointer) {
            JsonNode properties = schema.path("properties");
            if (schema.has("required")) {
                for (JsonNode key : schema.get("required")) {
                    if (!value.has(key.asText())) {
                        out.add(new Violation(pointer + "/" + escape(key.asText()), "required key \"" + key.asText() + "\" is missing",
                            "add \"" + key.asText() + "\"" + describe(resolve(properties.path(key.asText()), file))));
                    }
                }
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String childPointer = pointer + "/" + escape(field.getKey());
                if (properties.has(field.getKey())) {
                    check(properties.get(field.getKey()), file, field.getValue(), childPointer);
                } else if (schema.has("additionalProperties")) {
                    JsonNode additional = schema.get("additionalProperties");
                    if (additional.isBoolean() && !additional.booleanValue()) {
                        List<String> known = new ArrayList<>();
                        properties.fieldNames().forEachRemaining(known::add);
                        known.remove("$schema");
                        out.add(new Violation(childPointer, "unknown key \"" + field.getKey() + "\"",
                            "remove it" + DidYouMean.suggest(field.getKey(), known) + " (known keys: " + new TreeSet<>(known) + ")"));
                    } else {
                        check(additional, file, field.getValue(), childPointer);
                    }
                }
            }
        }

        private void checkArray(JsonNode schema, String file, JsonNode value, String pointer) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(new Violation(pointer, "needs at least " + schema.get("minItems") + " item(s)",
                    "add items" + describe(schema)));
            }
            if (schema.path("uniqueItems").asBoolean(false)) {
                Set<JsonNode> seen = new HashSet<>();
                for (int i = 0; i < value.size(); i++) {
                    if (!seen.add(value.get(i))) {
                        out.add(new Violation(pointer + "/" + i, value.get(i) + " is listed twice", "remove the duplicate"));
                    }
                }
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), file, value.get(i), pointer + "/" + i);
                }
            }
        }

        private JsonNode resolve(JsonNode schema, String file) {
            if (schema.has("$ref")) {
                String ref = schema.get("$ref").asText();
                int hash = ref.indexOf('#');
                return document(hash > 0 ? ref.substring(0, hash) : file).at(ref.substring(hash + 1));
            }
            return schema;
        }
    }

    private static String describe(JsonNode schema) {
        return schema.has("description") ? " (" + schema.get("description").asText() + ")" : "";
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("Unknown JSON Schema type " + type);
        };
    }

    private static String typeText(JsonNode type) {
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(t.asText()));
            return String.join(" or ", names);
        }
        return ("aeiou".indexOf(type.asText().charAt(0)) >= 0 ? "an " : "a ") + type.asText();
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        } else if (value.isArray()) {
            return "an array";
        } else if (value.isTextual()) {
            return "a string";
        } else if (value.isIntegralNumber()) {
            return "an integer";
        } else if (value.isNumber()) {
            return "a number";
        } else if (value.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    /** RFC 6901 escaping of one reference token. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
