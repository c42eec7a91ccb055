package dev.eventstream.connect.http;

import dev.eventstream.connect.common.ConfigEnums;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Validators and recommenders of {@link HttpsSinkConfig}, where Kafka's own do not fit. A validator's message gives
 * the reason and the fix once: Kafka prefixes it with "Invalid value X for configuration K:". The parsers used
 * outside a ConfigDef ({@link #parseHeaders}) throw messages that name the key themselves, and never quote a header's
 * value.
 */
final class ConfigValidators {

    /** Headers the sink owns; a static header may not replace them. */
    static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-encoding", "content-length",
            "authorization", "host", "transfer-encoding", "user-agent", "webhook-id", "webhook-timestamp",
            "webhook-signature");

    static final String SECRET_PREFIX = "whsec_";

    private ConfigValidators() {
    }

    static final ConfigDef.Validator HTTPS_URL = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "required: the https:// URL of the endpoint");
            }
            checkHttpsUrl(name, value.toString());
        }

        @Override
        public String toString() {
            return "an absolute https:// URL";
        }
    };

    static final ConfigDef.Validator HTTPS_URL_OR_NULL = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                checkHttpsUrl(name, value.toString());
            }
        }

        @Override
        public String toString() {
            return "an absolute https:// URL, or empty";
        }
    };

    static final ConfigDef.Validator HOST_PORT_OR_EMPTY = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty()) {
                return;
            }
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new ConfigException(name, value, "must be host:port, or empty for no proxy");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException(name, value, "must be host:port with a numeric port");
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException(name, value, "the port must be 1-65535");
            }
        }

        @Override
        public String toString() {
            return "host:port, or empty";
        }
    };

    static final ConfigDef.Validator HEADERS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof List) {
                List<String> entries = new ArrayList<>();
                for (Object o : (List<?>) value) {
                    entries.add(String.valueOf(o));
                }
                parseHeaders(name, entries);
            }
        }

        @Override
        public String toString() {
            return "a list of Name:value (token names, no CR/LF)";
        }
    };

    static final ConfigDef.Validator SECRET_HEADERS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof Password) {
                parseSecretHeaders(((Password) value).value());
            }
        }

        @Override
        public String toString() {
            return "Name:value entries separated by commas, as in http.headers";
        }
    };

    static final ConfigDef.Validator STATUS_LIST = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof List) {
                for (Object o : (List<?>) value) {
                    parseStatus(name, String.valueOf(o));
                }
            }
        }

        @Override
        public String toString() {
            return "a list of HTTP statuses 100-599";
        }
    };

    static final ConfigDef.Validator WEBHOOK_SECRET = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String secret = value instanceof Password ? ((Password) value).value() : value.toString();
            if (secret == null || secret.isEmpty()) {
                return;
            }
            decodeSecret(name, secret);
        }

        @Override
        public String toString() {
            return "whsec_ followed by a base64 key of 24 to 64 bytes";
        }
    };

    /** Decodes a Standard Webhooks secret; the message never contains the secret. */
    static byte[] decodeSecret(String name, String secret) {
        String base64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "[hidden]", "not valid base64: write 'whsec_' followed by the base64 key");
        }
        if (key.length < 24 || key.length > 64) {
            throw new ConfigException(name, "[hidden]", "the key is " + key.length + " bytes: Standard Webhooks keys "
                    + "are 24 to 64 bytes");
        }
        return key;
    }

    /** The configuration names of {@code type}'s constants: their names in lower case. */
    static <E extends Enum<E>> String[] names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    /** Kafka's case-insensitive validator over {@link #names}. */
    static <E extends Enum<E>> ConfigDef.Validator oneOf(Class<E> type) {
        return ConfigDef.CaseInsensitiveValidString.in(names(type));
    }

    static <E extends Enum<E>> ConfigDef.Recommender recommend(Class<E> type) {
        return ConfigEnums.fixedValues(names(type));
    }

    static ConfigDef.Recommender visibleWhen(String key, String expected) {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return List.of();
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                Object value = parsedConfig.get(key);
                return value != null && expected.equalsIgnoreCase(value.toString().trim());
            }
        };
    }

    /** The value shown in a message is {@link HttpsSinkConfig#redact redacted}: a URL's query can hold a token. */
    static void checkHttpsUrl(String name, String text) {
        String shown = HttpsSinkConfig.redact(text.trim());
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(name, shown, "not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + ")");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(name, shown, "must use https: plain http is refused, since bodies carry "
                    + "customer data and signatures");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(name, shown, "must name a host");
        }
        if (uri.getUserInfo() != null) {
            throw new ConfigException(name, shown, "must not carry credentials in the URL: use auth.type");
        }
    }

    /** http.headers.secret: the same rules; its messages (like every one here) never quote a header's value. */
    static List<Map.Entry<String, String>> parseSecretHeaders(String value) {
        return parseHeaders(HttpsSinkConfig.HTTP_HEADERS_SECRET, List.of(value.split(",")));
    }

    static List<Map.Entry<String, String>> parseHeaders(String key, List<String> entries) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException(key + " entries must be Name:value; entry " + (headers.size() + 1)
                        + " has no ':' after a name");
            }
            String headerName = entry.substring(0, colon).trim();
            String headerValue = entry.substring(colon + 1).trim();
            if (!isToken(headerName)) {
                throw new ConfigException(key + " has an invalid header name '" + printable(headerName)
                        + "': names are RFC 9110 tokens (letters, digits, !#$%&'*+-.^_`|~)");
            }
            for (int i = 0; i < headerValue.length(); i++) {
                char c = headerValue.charAt(i);
                if (c == '\r' || c == '\n' || c == 0 || (c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                    throw new ConfigException(key + " header '" + headerName
                            + "' has a control character (CR, LF, NUL ...) or non-Latin-1 character in its value");
                }
            }
            String lower = headerName.toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(lower)) {
                throw new ConfigException(key + " must not set '" + headerName + "': the sink sets it itself");
            }
            if (!seen.add(lower)) {
                throw new ConfigException(key + " names header '" + headerName + "' twice");
            }
            headers.add(new AbstractMap.SimpleImmutableEntry<>(headerName, headerValue));
        }
        return headers;
    }

    static SortedSet<Integer> parseStatuses(List<String> entries) {
        SortedSet<Integer> statuses = new TreeSet<>();
        for (String entry : entries) {
            statuses.add(parseStatus("status list", entry));
        }
        return statuses;
    }

    private static int parseStatus(String name, String text) {
        int status;
        try {
            status = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 100 || status > 599) {
            throw new ConfigException(name, text, "not an HTTP status: list statuses 100-599");
        }
        return status;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
