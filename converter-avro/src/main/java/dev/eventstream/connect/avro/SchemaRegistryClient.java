package dev.eventstream.connect.avro;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;


import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.common.tls.KeyStores;

/**
 * Fetches writer schemas by id from a Confluent-compatible schema registry ({@code GET /schemas/ids/{id}}),
 * following schema references ({@code GET /subjects/{subject}/versions/{version}}). I/O errors, timeouts,
 * 429 and 5xx responses are retried with exponential backoff across the configured URLs; 404 is final. A failure
 * that is not the record's (the registry unreachable, failing or refusing this client) is a
 * {@link SchemaRegistryUnavailableException}; one that is (an unknown id, a schema that is not Avro) is not.
 * Parsed schemas are kept in a bounded LRU cache. TLS certificate and host name verification are always on.
 */
public final class SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    private static final int MAX_REFERENCE_DEPTH = 32;
    private static final int EXCERPT_CHARS = 200;

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final String authorization;
    private final Duration requestTimeout;
    private final int retries;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final Cache<Integer, Schema> cache;
    private final Cache<Schema, Integer> ids;

    public SchemaRegistryClient(AvroConverterConfig config) {
        this.baseUrls = List.copyOf(config.registryUrls());
        if (baseUrls.isEmpty()) {
            throw new ConfigException(AvroConverterConfig.REGISTRY_URL, "", "no schema registry URL configured");
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (config.truststoreLocation() != null) {
            builder.sslContext(KeyStores.clientContext(AvroConverterConfig.TRUSTSTORE_LOCATION,
                    config.truststoreLocation().toString(), config.truststoreType(),
                    AvroConverterConfig.TRUSTSTORE_PASSWORD, config.truststorePassword()));
        }
        this.http = builder.build();
        Password userInfo = config.registryUserInfo();
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.value().getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = Duration.ofMillis(config.requestTimeoutMs());
        this.retries = config.retries();
        this.backoffMs = config.retryBackoffMs();
        this.backoffMaxMs = Math.max(config.retryBackoffMaxMs(), config.retryBackoffMs());
        this.cache = Caches.lru(config.registryCacheSize());
        this.ids = Caches.lru(config.registryCacheSize());
    }

    /**
     * The schema registered under {@code id}.
     *
     * @throws SchemaNotFoundException when the registry does not know the id
     * @throws SchemaRegistryUnavailableException when the registry could not be reached after all retries, refused
     *                                            the request, or did not answer with JSON
     * @throws SchemaRegistryException when the registry returned something that is not an Avro schema
     */
    public Schema schemaById(int id) {
        return Caches.computeIfAbsent(cache, id, this::fetch);
    }

    /** The id under which this client fetched {@code schema}, or null when it did not fetch it. */
    public Integer idOf(Schema schema) {
        return ids.get(schema);
    }

    int cachedSchemas() {
        return (int) cache.size();
    }

    private Schema fetch(int id) {
        JsonNode response = get("/schemas/ids/" + id, "schema id " + id);
        SchemaParser parser = new SchemaParser();
        try {
            parseReferences(parser, response, new HashSet<>(), 0);
            SchemaParser.ParseResult main = parser.parse(schemaText(response, "schema id " + id));
            Schema schema = parser.resolve(main);
            ids.put(schema, id);
            log.debug("Fetched schema id {} ({})", id, schema.getFullName());
            return schema;
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("schema id " + id + " from the registry is not a valid Avro schema: "
                    + e.getMessage(), e);
        }
    }

    private void parseReferences(SchemaParser parser, JsonNode response, Set<String> seen, int depth) {
        JsonNode references = response.path("references");
        if (!references.isArray()) {
            return;
        }
        if (depth > MAX_REFERENCE_DEPTH) {
            throw new SchemaRegistryException("schema references nest deeper than " + MAX_REFERENCE_DEPTH);
        }
        for (JsonNode reference : references) {
            String subject = reference.path("subject").asText("");
            String version = reference.path("version").asText("");
            if (subject.isEmpty() || version.isEmpty()) {
                throw new SchemaRegistryException("schema reference without subject/version: " + reference);
            }
            if (!seen.add(subject + "/" + version)) {
                continue;
            }
            String what = "reference " + subject + " version " + version;
            JsonNode referenced = get("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                    + "/versions/" + URLEncoder.encode(version, StandardCharsets.UTF_8), what);
            parseReferences(parser, referenced, seen, depth + 1);
            parser.parse(schemaText(referenced, what));
        }
    }

    private static String schemaText(JsonNode response, String what) {
        String type = response.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(what + " is a " + type + " schema, not Avro");
        }
        JsonNode schema = response.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException("registry response for " + what + " has no 'schema' field");
        }
        return schema.asText();
    }

    private JsonNode get(String path, String what) {
        Exception lastFailure = null;
        String lastProblem = null;
        int attempts = retries + 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                pause(attempt, what);
            }
            URI base = baseUrls.get(attempt % baseUrls.size());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(requestTimeout)
                    .header("Accept", ACCEPT)
                    .GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return parseJson(response.body(), what);
                }
                String problem = "HTTP " + status + " from " + redact(base) + ": " + excerpt(response.body());
                if (status == 404) {
                    throw new SchemaNotFoundException("the schema registry does not know " + what + " (" + problem + ")");
                }
                if (status != 429 && status < 500) {
                    throw new SchemaRegistryUnavailableException("the schema registry refused the request for " + what
                            + " (" + problem + ")");
                }
                lastProblem = problem;
                lastFailure = null;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + " from " + redact(base)
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("interrupted while fetching " + what, e);
            }
            log.warn("Schema registry request for {} failed (attempt {} of {}): {}", what, attempt + 1, attempts,
                    lastProblem);
        }
        throw new SchemaRegistryUnavailableException("the schema registry is unavailable: fetching " + what + " failed "
                + attempts + " time(s), last: " + lastProblem, lastFailure);
    }

    private void pause(int attempt, String what) {
        long delay = Math.min(backoffMaxMs, backoffMs * (1L << Math.min(attempt - 1, 30)));
        if (delay <= 0) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("interrupted while waiting to retry " + what, e);
        }
    }

    private static JsonNode parseJson(String body, String what) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new SchemaRegistryUnavailableException("registry response for " + what + " is not a JSON object: "
                        + excerpt(body));
            }
            return node;
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("registry response for " + what + " is not JSON: "
                    + excerpt(body), e);
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "...";
    }

    /** The URL without user info, safe to log. */
    static String redact(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
