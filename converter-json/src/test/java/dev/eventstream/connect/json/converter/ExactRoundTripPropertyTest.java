package dev.eventstream.connect.json.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.json.JsonRenderer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for generated documents (every JSON type, nested, unicode, integers up to 10,000 digits and decimals
 * with up to 1,000 fraction digits), parse → render with the suite's {@link JsonRenderer} gives the same JSON.
 *
 * <p>Each document is a generated Connect value {@code T}; its canonical JSON {@code C} is what the renderer writes
 * for it. Then (1) parsing {@code C} gives exactly {@code T} (numbers equal with their scale, fields in order) and
 * rendering that gives {@code C} byte for byte, and (2) the same document written differently — numbers in
 * exponent notation, characters as {@code \\u} escapes, whitespace between tokens — also renders to {@code C}.
 */
class ExactRoundTripPropertyTest {

    private static final int DOCUMENTS = 400;
    private final JsonConverter converter = JsonConverterTest.converter(Map.of());

    @Test
    void parseThenRenderGivesTheSameJson() {
        for (int seed = 0; seed < DOCUMENTS; seed++) {
            Random random = new Random(seed);
            Object document = new Generator(random).value(0);
            byte[] canonical = JsonRenderer.INSTANCE.toBytes(null, document);

            Object parsed = converter.toConnectData("t", canonical).value();
            assertThat(parsed).as("seed %d: parse(C) = T", seed).isEqualTo(document);
            assertThat(orderOf(parsed)).as("seed %d: field order", seed).isEqualTo(orderOf(document));
            assertThat(JsonRenderer.INSTANCE.toBytes(null, parsed)).as("seed %d: render(parse(C)) = C", seed)
                    .isEqualTo(canonical);

            String variant = new VariantWriter(random).write(document);
            Object reparsed = converter.toConnectData("t", variant.getBytes(StandardCharsets.UTF_8)).value();
            assertThat(new String(JsonRenderer.INSTANCE.toBytes(null, reparsed), StandardCharsets.UTF_8))
                    .as("seed %d: render(parse(variant)) = C for variant %s", seed, abbreviate(variant))
                    .isEqualTo(new String(canonical, StandardCharsets.UTF_8));
        }
    }

    @Test
    void theGeneratorReachesTheBoundsTheIssueNames() {
        int longestInteger = 0;
        int longestFraction = 0;
        for (int seed = 0; seed < DOCUMENTS; seed++) {
            for (BigDecimal number : numbers(new Generator(new Random(seed)).value(0), new ArrayList<>())) {
                if (number.scale() == 0) {
                    longestInteger = Math.max(longestInteger, number.unscaledValue().abs().toString().length());
                }
                longestFraction = Math.max(longestFraction, number.scale());
            }
        }
        assertThat(longestInteger).isEqualTo(10_000);
        assertThat(longestFraction).isEqualTo(1_000);
    }

    /** Random Connect data as the converter produces it: Long when it fits, BigDecimal otherwise. */
    private static final class Generator {
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        Object value(int depth) {
            int kind = random.nextInt(depth > 5 ? 6 : 9);
            switch (kind) {
                case 0: return null;
                case 1: return random.nextBoolean();
                case 2: return string();
                case 3: return integer();
                case 4: return decimal();
                case 5: return random.nextInt(3) == 0 ? boundaryLong() : (long) random.nextInt();
                case 6:
                case 7: {
                    Map<String, Object> object = new LinkedHashMap<>();
                    int size = random.nextInt(7);
                    for (int i = 0; i < size; i++) {
                        object.put(string(), value(depth + 1));
                    }
                    return object;
                }
                default: {
                    List<Object> array = new ArrayList<>();
                    int size = random.nextInt(6);
                    for (int i = 0; i < size; i++) {
                        array.add(value(depth + 1));
                    }
                    return array;
                }
            }
        }

        private long boundaryLong() {
            long[] edges = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 0, -1, 1,
                Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 9_007_199_254_740_993L};
            return edges[random.nextInt(edges.length)];
        }

        /** An integer of 1 to 10,000 digits: a Long when it fits, else a BigDecimal of scale 0. */
        private Object integer() {
            int digits = random.nextInt(8) == 0 ? 10_000 : 1 + random.nextInt(random.nextBoolean() ? 25 : 2_000);
            BigInteger value = new BigInteger(digits(digits, true));
            if (random.nextBoolean()) {
                value = value.negate();
            }
            return value.bitLength() < 64 ? (Object) value.longValueExact() : new BigDecimal(value);
        }

        /** A decimal with 1 to 1,000 fraction digits (the scale is kept: trailing zeros too). */
        private BigDecimal decimal() {
            int fraction = random.nextInt(8) == 0 ? 1_000 : 1 + random.nextInt(40);
            String integerPart = random.nextInt(3) == 0 ? "0" : digits(1 + random.nextInt(30), true);
            String text = integerPart + "." + digits(fraction, false);
            BigDecimal value = new BigDecimal(text);
            return random.nextBoolean() && value.signum() != 0 ? value.negate() : value;
        }

        private String digits(int count, boolean noLeadingZero) {
            StringBuilder sb = new StringBuilder(count);
            for (int i = 0; i < count; i++) {
                sb.append((char) ('0' + (i == 0 && noLeadingZero ? 1 + random.nextInt(9) : random.nextInt(10))));
            }
            return sb.toString();
        }

        private String string() {
            int length = random.nextInt(12);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(6)) {
                    case 0: sb.append((char) random.nextInt(0x20)); break;                // control characters
                    case 1: sb.append("\"\\/'".charAt(random.nextInt(4))); break;
                    case 2: sb.appendCodePoint(0x80 + random.nextInt(0xD800 - 0x80)); break;   // BMP below surrogates
                    case 3: sb.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000)); break; // emoji and beyond
                    case 4: sb.appendCodePoint(0xE000 + random.nextInt(0x10000 - 0xE000)); break;
                    default: sb.append((char) (' ' + random.nextInt(95)));
                }
            }
            return sb.toString();
        }
    }

    /** The same document in another spelling: exponents, escapes and whitespace chosen at random. */
    private static final class VariantWriter {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        VariantWriter(Random random) {
            this.random = random;
        }

        String write(Object document) {
            value(document);
            space();
            return out.toString();
        }

        private void value(Object value) {
            space();
            if (value == null) {
                out.append("null");
            } else if (value instanceof Boolean || value instanceof Long) {
                out.append(value);
            } else if (value instanceof BigDecimal) {
                number((BigDecimal) value);
            } else if (value instanceof String) {
                string((String) value);
            } else if (value instanceof Map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    if (!first) {
                        space();
                        out.append(',');
                    }
                    first = false;
                    space();
                    string((String) entry.getKey());
                    space();
                    out.append(':');
                    value(entry.getValue());
                }
                space();
                out.append('}');
            } else {
                out.append('[');
                boolean first = true;
                for (Object element : (List<?>) value) {
                    if (!first) {
                        space();
                        out.append(',');
                    }
                    first = false;
                    value(element);
                }
                space();
                out.append(']');
            }
        }

        /** unscaled U (digits D), scale s: mantissa D with the point after p digits, exponent (|D| - p) - s. */
        private void number(BigDecimal value) {
            String digits = value.unscaledValue().abs().toString();
            if (random.nextInt(3) == 0) {
                out.append(value.toPlainString());
                return;
            }
            int p = 1 + random.nextInt(digits.length());
            if (value.signum() < 0) {
                out.append('-');
            }
            out.append(digits, 0, p);
            if (p < digits.length()) {
                out.append('.').append(digits, p, digits.length());
            }
            long exponent = (long) (digits.length() - p) - value.scale();
            out.append(random.nextBoolean() ? 'e' : 'E');
            if (exponent >= 0 && random.nextBoolean()) {
                out.append('+');
            }
            out.append(exponent);
        }

        private void string(String text) {
            out.append('"');
            text.codePoints().forEach(cp -> {
                if (cp == '"' || cp == '\\' || cp < 0x20 || random.nextInt(3) == 0) {
                    for (char c : Character.toChars(cp)) { // a surrogate pair as two escapes
                        out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                    }
                } else {
                    out.appendCodePoint(cp);
                }
            });
            out.append('"');
        }

        private void space() {
            if (random.nextInt(4) == 0) {
                out.append(" \n\t\r".charAt(random.nextInt(4)));
            }
        }
    }

    private static List<Object> orderOf(Object value) {
        List<Object> order = new ArrayList<>();
        if (value instanceof Map) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                order.add(entry.getKey());
                order.add(orderOf(entry.getValue()));
            }
        } else if (value instanceof List) {
            for (Object element : (List<?>) value) {
                order.add(orderOf(element));
            }
        }
        return order;
    }

    private static List<BigDecimal> numbers(Object value, List<BigDecimal> found) {
        if (value instanceof BigDecimal) {
            found.add((BigDecimal) value);
        } else if (value instanceof Map) {
            ((Map<?, ?>) value).values().forEach(v -> numbers(v, found));
        } else if (value instanceof List) {
            ((List<?>) value).forEach(v -> numbers(v, found));
        }
        return found;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
