package dev.eventstream.connect.json.converter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.eventstream.connect.json.JsonScanner;
import dev.eventstream.connect.json.LazyJsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads one JSON value into schemaless Connect data. An object is scanned and returned as a {@link LazyJsonObject}
 * (same types as below, decoded when read); anything else, and an object the scanner refuses, is parsed with
 * Jackson's streaming parser straight into the types below — no tree, and an explicit stack instead of recursion,
 * so no depth can overflow the thread's stack — and that parse names the fault.
 *
 * <ul>
 *   <li>object → {@link LinkedHashMap} in the order the fields were written (a repeated name keeps its first
 *       position and its last value, as Jackson's tree does); array → {@link ArrayList}</li>
 *   <li>integer that fits a {@code long} → {@link Long}; any other number → {@link BigDecimal}, exact: big integers
 *       with scale 0, decimals with the scale they were written with ({@code 1.50} stays {@code 1.50}); exponents
 *       are folded into the scale ({@code 1.5e3} → 1500, scale -2). A scale beyond ±{@value #MAX_SCALE} is refused:
 *       the suite's renderer writes plain numbers, and such a number would be a megabyte of zeros.</li>
 *   <li>string → {@link String}; strings and names must be well-formed UTF-8 and escapes must not leave a
 *       surrogate unpaired (I-JSON, RFC 7493): no such text can be written as UTF-8 again</li>
 *   <li>{@code true}/{@code false} → {@link Boolean}; {@code null} → null</li>
 * </ul>
 * Exactly one value per input; empty or blank input is no value (null), as for Kafka's JsonConverter. Every
 * failure is a {@link DataException} whose message says what is wrong and at which byte. Thread-safe.
 */
final class JsonValueReader {

    /** The largest scale (and smallest negative scale) the renderer writes in plain notation. */
    static final int MAX_SCALE = 9999;

    private final JsonScanner scanner;
    private final JsonFactory factory;
    private final int maxDepth;
    private final int maxBytes;

    JsonValueReader(int maxDepth, int maxBytes, int maxNumberLength) {
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
        this.scanner = new JsonScanner(maxDepth, maxNumberLength);
        this.factory = JsonFactory.builder()
                // our own depth check fires first and names the config key; Jackson's is a backstop
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth + 1)
                        .maxNumberLength(maxNumberLength)
                        .maxStringLength(Math.max(maxBytes, 1))
                        .maxNameLength(Math.max(maxBytes, 1))
                        .maxDocumentLength(maxBytes)
                        .build())
                .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /**
     * The Connect value of the JSON text in {@code bytes}, or null for {@code null}, empty or blank input.
     *
     * @throws DataException when the input is not exactly one well-formed JSON value within the limits
     */
    Object read(byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw new DataException(bytes.length + " bytes exceed the limit of " + maxBytes + " ("
                    + JsonConverterConfig.MAX_BYTES + ")");
        }
        int first = firstNonWhitespace(bytes);
        if (first < bytes.length && bytes[first] == '{') {
            LazyJsonObject object = scanner.object(bytes, first);
            if (object != null) {
                return object; // the scanner checked UTF-8 too
            }
            // refused: the checks below say why (or read what only the scanner's stricter limits refused)
        }
        int invalid = Utf8Validation.firstInvalid(bytes, 0, bytes.length);
        if (invalid >= 0) {
            throw new DataException(String.format("invalid UTF-8 at byte %d (0x%02X)", invalid, bytes[invalid] & 0xFF));
        }
        return parse(bytes);
    }

    static int firstNonWhitespace(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Parses {@code bytes} (within the size bound, well-formed UTF-8) into maps and lists, or says what is wrong. */
    Object parse(byte[] bytes) {
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object value = first.isStructStart() ? readStructure(parser, first, bytes.length) : scalar(parser, first);
            if (parser.nextToken() != null) {
                throw new DataException("more than one JSON value: another starts at byte " + byteOffset(parser));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new DataException("not well-formed JSON: " + e.getOriginalMessage() + " at byte "
                    + (e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getByteOffset())), e);
        } catch (NumberFormatException e) {
            throw new DataException("a number cannot be read (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException("JSON cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads an object or array whose start token is current, and everything nested in it. */
    private Object readStructure(JsonParser parser, JsonToken start, int length) throws IOException {
        Object[] containers = new Object[Math.min(maxDepth, 16)];
        int depth = 0;
        // the root object gets room for its text at ~24 bytes a field (at most 256), so that an event never rehashes
        Object root = start == JsonToken.START_OBJECT
                ? new LinkedHashMap<String, Object>(Math.max(16, Math.min(length / 24, 256) * 4 / 3 + 1))
                : container(start);
        containers[depth++] = root;
        String name = null;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            Object parent = containers[depth - 1];
            switch (token) {
                case FIELD_NAME:
                    name = checkedText(parser, parser.currentName());
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    if (--depth == 0) {
                        return root;
                    }
                    continue;
                default:
                    break;
            }
            Object value;
            if (token.isStructStart()) {
                if (depth == maxDepth) {
                    throw new DataException("nesting deeper than " + maxDepth + " levels ("
                            + JsonConverterConfig.MAX_DEPTH + ") at byte " + byteOffset(parser));
                }
                value = container(token);
                if (depth == containers.length) {
                    containers = Arrays.copyOf(containers, Math.min(maxDepth, depth * 2));
                }
            } else {
                value = scalar(parser, token);
            }
            add(parent, name, value);
            if (token.isStructStart()) {
                containers[depth++] = value;
            }
        }
        throw new DataException("the JSON text ends inside an object or array");
    }

    @SuppressWarnings("unchecked")
    private static void add(Object parent, String name, Object value) {
        if (parent instanceof Map) {
            ((Map<String, Object>) parent).put(name, value);
        } else {
            ((List<Object>) parent).add(value);
        }
    }

    private static Object container(JsonToken start) {
        return start == JsonToken.START_OBJECT ? new LinkedHashMap<String, Object>() : new ArrayList<>();
    }

    private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return checkedText(parser, parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                    case LONG:
                        return parser.getLongValue();
                    default:
                        return new BigDecimal(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return decimal(parser);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new DataException("unexpected " + token + " at byte " + byteOffset(parser));
        }
    }

    private static BigDecimal decimal(JsonParser parser) throws IOException {
        BigDecimal value = parser.getDecimalValue();
        if (value.scale() > MAX_SCALE || value.scale() < -MAX_SCALE) {
            throw new DataException("the number at byte " + byteOffset(parser) + " has an exponent too large to be "
                    + "written in plain notation (scale " + value.scale() + ", limit ±" + MAX_SCALE + ")");
        }
        return value;
    }

    /** Refuses text with an unpaired surrogate, which only a {@code \\u} escape can produce once UTF-8 is valid. */
    private static String checkedText(JsonParser parser, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new DataException(String.format("unpaired surrogate \\u%04X in the string at byte %d: "
                            + "not valid Unicode, and not writable as UTF-8", (int) c, byteOffset(parser)));
                }
            }
        }
        return text;
    }

    private static long byteOffset(JsonParser parser) {
        return parser.currentTokenLocation().getByteOffset();
    }
}
