package dev.eventstream.connect.http;

import dev.eventstream.connect.common.ConfigEnums;
import dev.eventstream.connect.common.sink.ConfigProblem;
import dev.eventstream.connect.common.tls.KeyStores;
import dev.eventstream.connect.usage.UsageConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of {@link HttpsSinkConnector}: the ConfigDef, its validators, typed getters (values parsed once, at
 * construction), and the rules across keys ({@link #problemsAcrossKeys()}).
 */
public final class HttpsSinkConfig extends AbstractConfig {

    static final String GROUP_CONNECTION = "Connection";
    static final String GROUP_BODY = "Body";
    static final String GROUP_BATCHING = "Batching";
    static final String GROUP_DELIVERY = "Delivery";
    static final String GROUP_AUTH = "Authentication";
    static final String GROUP_SIGNING = "Signing";
    static final String GROUP_TLS = "TLS";
    static final String GROUP_ERRORS = "Errors";

    public static final String HTTP_URL = "http.url";
    public static final String HTTP_METHOD = "http.method";
    public static final String HTTP_HEADERS = "http.headers";
    public static final String HTTP_HEADERS_SECRET = "http.headers.secret";
    public static final String HTTP_TIMEOUT_CONNECT_MS = "http.timeout.connect.ms";
    public static final String HTTP_TIMEOUT_REQUEST_MS = "http.timeout.request.ms";
    public static final String HTTP_PROXY = "http.proxy";
    public static final String HTTP_MAX_REQUEST_BYTES = "http.max.request.bytes";

    public static final String BODY_FORMAT = "body.format";
    public static final String HTTP_COMPRESSION = "http.compression";
    public static final String HTTP_COMPRESSION_LEVEL = "http.compression.level";
    public static final String TOMBSTONES = "tombstones";
    public static final String VALUE_ENCODING = "value.encoding";
    public static final String CLOUDEVENTS_TYPE_FIELD = "cloudevents.type.field";
    public static final String CLOUDEVENTS_TYPE_DEFAULT = "cloudevents.type.default";

    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
    static final long DEFAULT_BUFFER_MAX_BYTES = 64L * 1024 * 1024;
    public static final String BUFFER_WORKER_MAX_HEAP_PERCENT = "buffer.worker.max.heap.percent";

    public static final String MAX_IN_FLIGHT_REQUESTS = "max.in.flight.requests";
    public static final String SENDER_POOL_THREADS = "sender.pool.threads";
    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RETRY_TIMEOUT_MS = "retry.timeout.ms";
    public static final String RETRY_STATUSES = "retry.statuses";
    public static final String BATCH_SPLIT_STATUSES = "batch.split.statuses";

    public static final String AUTH_TYPE = "auth.type";
    public static final String AUTH_BASIC_USERNAME = "auth.basic.username";
    public static final String AUTH_BASIC_PASSWORD = "auth.basic.password";
    public static final String AUTH_BEARER_TOKEN = "auth.bearer.token";
    public static final String AUTH_OAUTH2_TOKEN_URL = "auth.oauth2.token.url";
    public static final String AUTH_OAUTH2_CLIENT_ID = "auth.oauth2.client.id";
    public static final String AUTH_OAUTH2_CLIENT_SECRET = "auth.oauth2.client.secret";
    public static final String AUTH_OAUTH2_SCOPE = "auth.oauth2.scope";
    public static final String AUTH_OAUTH2_CLIENT_AUTH_METHOD = "auth.oauth2.client.auth.method";
    public static final String AUTH_OAUTH2_REFRESH_SKEW_MS = "auth.oauth2.refresh.skew.ms";
    public static final String AUTH_OAUTH2_TOKEN_ATTEMPTS = "auth.oauth2.token.attempts";

    public static final String SIGNING_SECRET = "signing.secret";
    public static final String SIGNING_SECRET_PREVIOUS = "signing.secret.previous";

    public static final String SSL_TRUSTSTORE_LOCATION = "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "ssl.key.password";
    public static final String SSL_ENABLED_PROTOCOLS = "ssl.enabled.protocols";

    public static final String ERROR_RESPONSE_EXCERPT_CHARS = "error.response.excerpt.chars";
    static final String TASK_INDEX = "https.sink.task.index";

    static final List<String> DEFAULT_RETRY_STATUSES = List.of("408", "425", "429", "500", "502", "503", "504");
    static final List<String> DEFAULT_SPLIT_STATUSES = List.of("400", "413", "422");
    private static final String[] STORE_TYPES = KeyStores.TYPES.toArray(new String[0]);
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** The wire format of request bodies. */
    public enum BodyFormat { JSON_ARRAY, NDJSON, SINGLE, CLOUDEVENTS }

    /** What happens to records whose value is null. */
    public enum TombstoneHandling { SKIP, DELIVER }

    /** How record values become JSON: rendered from Connect data, or copied from JSON text. */
    public enum ValueEncoding { CONNECT, JSON }

    /** How requests authenticate. */
    public enum AuthType { NONE, BASIC, BEARER, OAUTH2 }

    /** How the OAuth2 client authenticates at the token endpoint. */
    public enum ClientAuthMethod { BASIC, POST }

    /** value.encoding=json copies JSON text: the converters that leave values as such text. */
    static final List<String> JSON_TEXT_CONVERTERS = List.of("org.apache.kafka.connect.converters.ByteArrayConverter",
            "org.apache.kafka.connect.storage.StringConverter");

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final String method;
    private final BodyFormat bodyFormat;
    private final ValueEncoding valueEncoding;
    private final TombstoneHandling tombstones;
    private final AuthType authType;
    private final ClientAuthMethod clientAuthMethod;
    private final Set<Integer> retryStatuses;
    private final Set<Integer> splitStatuses;
    private final List<Map.Entry<String, String>> staticHeaders;
    /** A header named in both http.headers and http.headers.secret, or null. */
    private final String headerInBothLists;

    public HttpsSinkConfig(Map<?, ?> originals) {
        // AbstractConfig's logging would print http.headers values and the URL's query (API keys live there)
        super(CONFIG_DEF, originals, false);
        method = getString(HTTP_METHOD).trim().toUpperCase(Locale.ROOT);
        bodyFormat = parse(BodyFormat.class, BODY_FORMAT);
        valueEncoding = parse(ValueEncoding.class, VALUE_ENCODING);
        tombstones = parse(TombstoneHandling.class, TOMBSTONES);
        authType = parse(AuthType.class, AUTH_TYPE);
        clientAuthMethod = parse(ClientAuthMethod.class, AUTH_OAUTH2_CLIENT_AUTH_METHOD);
        retryStatuses = Collections.unmodifiableSortedSet(ConfigValidators.parseStatuses(getList(RETRY_STATUSES)));
        splitStatuses = Collections.unmodifiableSortedSet(ConfigValidators.parseStatuses(getList(BATCH_SPLIT_STATUSES)));
        List<Map.Entry<String, String>> headers = new ArrayList<>(
                ConfigValidators.parseHeaders(HTTP_HEADERS, getList(HTTP_HEADERS)));
        Password secret = getPassword(HTTP_HEADERS_SECRET);
        String inBoth = null;
        if (secret != null) {
            for (Map.Entry<String, String> header : ConfigValidators.parseSecretHeaders(secret.value())) {
                if (inBoth == null && headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(header.getKey()))) {
                    inBoth = header.getKey();
                }
                headers.add(header);
            }
        }
        staticHeaders = List.copyOf(headers);
        headerInBothLists = inBoth;
    }

    /** The connector's ConfigDef (shared, do not modify). */
    public static ConfigDef configDef() {
        return CONFIG_DEF;
    }

    private <E extends Enum<E>> E parse(Class<E> type, String key) {
        return Enum.valueOf(type, getString(key).trim().toUpperCase(Locale.ROOT));
    }

    /**
     * The rules that involve more than one key, each reported against one of them; empty when the configuration is
     * whole. The connector refuses to start while there are any.
     */
    public List<ConfigProblem> problemsAcrossKeys() {
        List<ConfigProblem> out = new ArrayList<>();
        switch (authType) {
            case BASIC:
                requireString(out, basicUsername(), AUTH_BASIC_USERNAME, "auth.type=basic");
                requirePassword(out, basicPassword(), AUTH_BASIC_PASSWORD, "auth.type=basic");
                if (basicUsername() != null && basicUsername().indexOf(':') >= 0) {
                    out.add(new ConfigProblem(AUTH_BASIC_USERNAME, AUTH_BASIC_USERNAME + " must not contain ':' (RFC 7617)"));
                }
                break;
            case BEARER:
                requirePassword(out, bearerToken(), AUTH_BEARER_TOKEN, "auth.type=bearer");
                break;
            case OAUTH2:
                requireString(out, oauth2TokenUrl(), AUTH_OAUTH2_TOKEN_URL, "auth.type=oauth2");
                requireString(out, oauth2ClientId(), AUTH_OAUTH2_CLIENT_ID, "auth.type=oauth2");
                requirePassword(out, oauth2ClientSecret(), AUTH_OAUTH2_CLIENT_SECRET, "auth.type=oauth2");
                break;
            default:
                break;
        }
        if (headerInBothLists != null) {
            out.add(new ConfigProblem(HTTP_HEADERS_SECRET, headerInBothListsMessage()));
        }
        if (batchMaxBytes() > maxRequestBytes()) {
            out.add(new ConfigProblem(BATCH_MAX_BYTES, BATCH_MAX_BYTES + " (" + batchMaxBytes() + ") must not exceed "
                    + HTTP_MAX_REQUEST_BYTES + " (" + maxRequestBytes() + ")"));
        }
        if (retryBackoffInitialMs() > retryBackoffMaxMs()) {
            out.add(new ConfigProblem(RETRY_BACKOFF_INITIAL_MS, RETRY_BACKOFF_INITIAL_MS + " (" + retryBackoffInitialMs()
                    + ") must not exceed " + RETRY_BACKOFF_MAX_MS + " (" + retryBackoffMaxMs() + ")"));
        }
        if (bufferMaxBytes() < 2L * batchMaxBytes()) {
            out.add(new ConfigProblem(BUFFER_MAX_BYTES, BUFFER_MAX_BYTES + " (" + bufferMaxBytes()
                    + ") must be at least twice " + BATCH_MAX_BYTES + " (" + batchMaxBytes()
                    + "), or partitions would pause before a batch fills"));
        }
        if (keystoreLocation() != null && !"PEM".equals(keystoreType())) {
            requirePassword(out, keystorePassword(), SSL_KEYSTORE_PASSWORD,
                    SSL_KEYSTORE_LOCATION + " of type " + keystoreType());
        }
        if (truststoreLocation() != null && !"PEM".equals(truststoreType())) {
            requirePassword(out, truststorePassword(), SSL_TRUSTSTORE_PASSWORD,
                    SSL_TRUSTSTORE_LOCATION + " of type " + truststoreType());
        }
        String usage = UsageConfig.missingBootstrapServers(originals());
        if (usage != null) {
            out.add(new ConfigProblem(UsageConfig.BOOTSTRAP_SERVERS, usage));
        }
        Password previous = signingSecretPrevious();
        if (previous != null && !previous.value().isEmpty()
                && (signingSecret() == null || signingSecret().value().isEmpty())) {
            out.add(new ConfigProblem(SIGNING_SECRET_PREVIOUS, SIGNING_SECRET_PREVIOUS + " is set but " + SIGNING_SECRET
                    + " is not: set the new secret too"));
        }
        return out;
    }

    /**
     * value.encoding=json needs values that are JSON text: bytes or strings, as {@code valueConverter} (the
     * connector's value.converter, null when unset) leaves them.
     */
    public Optional<ConfigProblem> converterProblem(String valueConverter) {
        if (valueEncoding != ValueEncoding.JSON || valueConverter == null
                || JSON_TEXT_CONVERTERS.contains(valueConverter.trim())) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(VALUE_ENCODING, VALUE_ENCODING + "=json copies values that are JSON "
                + "text, so value.converter must be one of " + JSON_TEXT_CONVERTERS + ", not " + valueConverter));
    }

    private static void requireString(List<ConfigProblem> out, String value, String key, String because) {
        if (value == null || value.isBlank()) {
            out.add(new ConfigProblem(key, key + " is required when " + because));
        }
    }

    private static void requirePassword(List<ConfigProblem> out, Password value, String key, String because) {
        if (value == null || value.value() == null || value.value().isEmpty()) {
            out.add(new ConfigProblem(key, key + " is required when " + because));
        }
    }

    private String headerInBothListsMessage() {
        return HTTP_HEADERS_SECRET + " and " + HTTP_HEADERS + " both set header '" + headerInBothLists + "'; keep it in "
                + HTTP_HEADERS_SECRET + " only";
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(HTTP_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigValidators.HTTPS_URL, Importance.HIGH,
                "The endpoint every request goes to. Must be an absolute https:// URL: plain http is refused, since "
                        + "bodies carry customer data and signatures.", GROUP_CONNECTION, ++order, Width.LONG, "Endpoint URL");
        def.define(HTTP_METHOD, Type.STRING, "POST", ConfigDef.CaseInsensitiveValidString.in("POST", "PUT"), Importance.MEDIUM,
                "HTTP method of delivery requests: POST or PUT.", GROUP_CONNECTION, ++order, Width.SHORT, "HTTP method",
                ConfigEnums.fixedValues("POST", "PUT"));
        def.define(HTTP_HEADERS, Type.LIST, "", ConfigValidators.HEADERS, Importance.MEDIUM,
                "Static headers added to every request, as a list of Name:value entries "
                        + "(e.g. 'X-Team:crm,X-Env:prod'). Names must be RFC 9110 tokens; CR and LF are refused in "
                        + "names and values. Headers the sink sets itself (Content-Type, Content-Encoding, "
                        + "Authorization, webhook-*) cannot be overridden here. Values are never logged; a header "
                        + "that carries a secret (an API key) belongs in " + HTTP_HEADERS_SECRET + ".",
                GROUP_CONNECTION, ++order, Width.LONG, "Static headers");
        def.define(HTTP_HEADERS_SECRET, Type.PASSWORD, null, ConfigValidators.SECRET_HEADERS, Importance.MEDIUM,
                "Headers that carry secrets (e.g. 'X-Api-Key:<key>'), in the format of " + HTTP_HEADERS + ", added to "
                        + "every request. A password: masked by the REST API, never logged; best given as a config "
                        + "provider reference (${file:...}). A name must not appear in both lists.",
                GROUP_CONNECTION, ++order, Width.LONG, "Secret headers");
        def.define(HTTP_TIMEOUT_CONNECT_MS, Type.LONG, 10_000L, ConfigDef.Range.between(1L, 300_000L), Importance.LOW,
                "TCP connect plus TLS handshake timeout, in milliseconds. Default 10 s: long enough for a cold "
                        + "handshake across regions.", GROUP_CONNECTION, ++order, Width.SHORT, "Connect timeout (ms)");
        def.define(HTTP_TIMEOUT_REQUEST_MS, Type.LONG, 30_000L, ConfigDef.Range.between(1L, 600_000L), Importance.LOW,
                "Timeout of one whole request (connect, send, wait, read the response), in milliseconds. A timeout is "
                        + "retried like a 503. Default 30 s.", GROUP_CONNECTION, ++order, Width.SHORT, "Request timeout (ms)");
        def.define(HTTP_PROXY, Type.STRING, "", ConfigValidators.HOST_PORT_OR_EMPTY, Importance.LOW,
                "Optional HTTP proxy as host:port (CONNECT tunnelling; TLS stays end to end). Empty: direct.",
                GROUP_CONNECTION, ++order, Width.MEDIUM, "Proxy");
        def.define(HTTP_MAX_REQUEST_BYTES, Type.INT, 5 * 1024 * 1024, ConfigDef.Range.between(1024, Integer.MAX_VALUE - 64),
                Importance.MEDIUM,
                "Largest uncompressed body the endpoint accepts, in bytes. A single record whose rendering alone is "
                        + "larger goes to the DLQ with that reason. Default 5 MiB.", GROUP_CONNECTION, ++order, Width.SHORT,
                "Max request bytes");

        order = 0;
        def.define(BODY_FORMAT, Type.STRING, "json_array",
                ConfigValidators.oneOf(BodyFormat.class), Importance.HIGH,
                "Body layout. json_array: a JSON array of record values (application/json). ndjson: one value per "
                        + "line (application/x-ndjson). single: one record per request, the value as the body "
                        + "(application/json). cloudevents: CloudEvents 1.0 structured JSON, a batch as "
                        + "application/cloudevents-batch+json (with batch.max.records=1, one application/cloudevents+json "
                        + "event), id = <topic>-<partition>-<offset>, source = topic, type from cloudevents.type.field.",
                GROUP_BODY, ++order, Width.SHORT, "Body format",
                ConfigValidators.recommend(BodyFormat.class));
        def.define(HTTP_COMPRESSION, Type.STRING, "gzip", ConfigDef.CaseInsensitiveValidString.in("gzip", "none"), Importance.MEDIUM,
                "gzip: bodies are gzip-compressed and sent with Content-Encoding: gzip (JSON events shrink 5-10x). "
                        + "none: identity.", GROUP_BODY, ++order, Width.SHORT, "Compression",
                ConfigEnums.fixedValues("gzip", "none"));
        def.define(HTTP_COMPRESSION_LEVEL, Type.INT, 1, ConfigDef.Range.between(1, 9), Importance.LOW,
                "Deflate level 1 (fastest) to 9 (smallest). Default 1: on 1 KB JSON events it costs about half the "
                        + "CPU of level 6 for a body only a few percent larger (see docs/design.md).",
                GROUP_BODY, ++order, Width.SHORT, "Compression level");
        def.define(VALUE_ENCODING, Type.STRING, "connect", ConfigValidators.oneOf(ValueEncoding.class), Importance.MEDIUM,
                "How record values become JSON. connect: the value is Connect data (from JsonConverter, AvroConverter, "
                        + "after any transforms) rendered by the suite's JSON renderer. json: the value already is JSON "
                        + "text (value.converter=org.apache.kafka.connect.converters.ByteArrayConverter, or StringConverter); "
                        + "each value is checked to be one well-formed UTF-8 JSON value and copied as it is (without "
                        + "surrounding whitespace or byte order mark; a value spanning lines is compacted onto one): no "
                        + "parse into Connect data and no rendering, about twice the throughput, and numbers keep every "
                        + "digit. Only transforms that do not read the value (e.g. TenantRouter on the key, Filter with "
                        + "TenantMatches) fit this mode; a value that is not JSON goes to the DLQ.",
                GROUP_BODY, ++order, Width.SHORT, "Value encoding", ConfigValidators.recommend(ValueEncoding.class));
        def.define(TOMBSTONES, Type.STRING, "skip", ConfigValidators.oneOf(TombstoneHandling.class), Importance.MEDIUM,
                "Records with a null value. skip: not sent, their offsets still commit. deliver: sent as JSON null "
                        + "(json_array, ndjson, single) or as a CloudEvent without data.", GROUP_BODY, ++order, Width.SHORT,
                "Tombstones", ConfigValidators.recommend(TombstoneHandling.class));
        def.define(CLOUDEVENTS_TYPE_FIELD, Type.STRING, "", Importance.MEDIUM,
                "Dotted path of the record value field whose value becomes the CloudEvents 'type' (e.g. 'id' or "
                        + "'event.type'). Empty or missing in a record: cloudevents.type.default.",
                GROUP_BODY, ++order, Width.MEDIUM, "CloudEvents type field");
        def.define(CLOUDEVENTS_TYPE_DEFAULT, Type.STRING, "dev.eventstream.record", new ConfigDef.NonEmptyString(),
                Importance.LOW, "CloudEvents 'type' of records without a type field value.",
                GROUP_BODY, ++order, Width.MEDIUM, "CloudEvents default type");

        order = 0;
        def.define(BATCH_MAX_RECORDS, Type.INT, 500, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM,
                "Most records in one request. Default 500.", GROUP_BATCHING, ++order, Width.SHORT, "Max records per batch");
        def.define(BATCH_MAX_BYTES, Type.INT, 1024 * 1024, ConfigDef.Range.between(1024, Integer.MAX_VALUE - 64),
                Importance.MEDIUM,
                "Most uncompressed body bytes in one request; a batch is closed before the record that would pass "
                        + "it (a single larger record is sent alone, up to http.max.request.bytes). Default 1 MiB.",
                GROUP_BATCHING, ++order, Width.SHORT, "Max batch bytes");
        def.define(BATCH_LINGER_MS, Type.LONG, 100L, ConfigDef.Range.between(0L, 60_000L), Importance.MEDIUM,
                "How long a partial batch waits for more records while another request of the task is in flight, in "
                        + "milliseconds; when none is, a partition sends what it has at once (adaptive batching: low "
                        + "latency when the endpoint is quiet, full batches under load). Default 100 ms: invisible next "
                        + "to webhook latencies.",
                GROUP_BATCHING, ++order, Width.SHORT, "Linger (ms)");
        def.define(BUFFER_MAX_BYTES, Type.LONG, DEFAULT_BUFFER_MAX_BYTES,
                ConfigDef.Range.between(64L * 1024, Long.MAX_VALUE), Importance.MEDIUM,
                "Bound on the heap the task's buffered, unsent records take, in bytes, as measured when each record "
                        + "is buffered (a parsed 1 KB JSON event takes 3-4 KB of heap). Beyond it the task pauses its "
                        + "partitions until the buffer drains below half, so put() never blocks. Default 64 MiB: half of "
                        + "it holds the default 4 requests in flight of 500 parsed 1 KB events (about 10 MiB) twice over.",
                GROUP_BATCHING, ++order, Width.SHORT, "Buffer bytes");
        def.define(BUFFER_WORKER_MAX_HEAP_PERCENT, Type.INT, 25, ConfigDef.Range.between(1, 90), Importance.LOW,
                "Bound on the heap the buffers of all HTTPS sink tasks of the worker take together, in percent of "
                        + "the JVM's maximum heap; the smallest value among the worker's running tasks applies. "
                        + "While it is passed, a task holding more than its fair part (the bound divided by the tasks) "
                        + "pauses its partitions until it drains, so many connectors cannot exhaust the heap and the "
                        + "tasks of slow endpoints stop first. Default 25: the rest is the worker's and the consumers'.",
                GROUP_BATCHING, ++order, Width.SHORT, "Worker buffer heap (%)");

        order = 0;
        def.define(MAX_IN_FLIGHT_REQUESTS, Type.INT, 4, ConfigDef.Range.between(1, 64), Importance.MEDIUM,
                "Concurrent requests per task, across partitions (one per partition at a time, which keeps "
                        + "per-partition order), at most half of sender.pool.threads: a slow endpoint holds at most "
                        + "this many of the worker's sender threads. Default 4.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Max in-flight requests");
        def.define(SENDER_POOL_THREADS, Type.INT, 0, ConfigDef.Range.between(0, 4096), Importance.LOW,
                "Threads of the worker's sender pool, shared by every task configured with the same value, that "
                        + "render, compress, sign and send the batches (jobs wait in one queue across tasks). 0 "
                        + "(default): 8 per available processor, at least 32, since a request mostly waits for the "
                        + "endpoint. Threads end after 60 s without work.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Sender pool threads");
        def.define(RETRY_BACKOFF_INITIAL_MS, Type.LONG, 500L, ConfigDef.Range.between(1L, 600_000L), Importance.LOW,
                "First retry delay ceiling in milliseconds; doubles per attempt up to retry.backoff.max.ms, with full "
                        + "jitter (the actual delay is uniform in [0, ceiling]). Default 500 ms.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Initial backoff (ms)");
        def.define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, ConfigDef.Range.between(1L, 3_600_000L), Importance.LOW,
                "Largest retry delay ceiling in milliseconds. Default 30 s.", GROUP_DELIVERY, ++order, Width.SHORT,
                "Max backoff (ms)");
        def.define(RETRY_TIMEOUT_MS, Type.LONG, 600_000L, ConfigDef.Range.between(0L, Long.MAX_VALUE), Importance.MEDIUM,
                "Total retry budget of one batch, from its first attempt, in milliseconds. After it the batch's records "
                        + "go to the DLQ (errors.tolerance=all) or the task fails (errors.tolerance=none). "
                        + "Default 10 minutes: rides out a deploy of the endpoint.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Retry budget (ms)");
        def.define(RETRY_STATUSES, Type.LIST, DEFAULT_RETRY_STATUSES, ConfigValidators.STATUS_LIST, Importance.LOW,
                "HTTP statuses that are retried (I/O errors and timeouts always are). Retry-After (seconds or "
                        + "HTTP-date) is honoured on any of them.", GROUP_DELIVERY, ++order, Width.MEDIUM, "Retriable statuses");
        def.define(BATCH_SPLIT_STATUSES, Type.LIST, DEFAULT_SPLIT_STATUSES, ConfigValidators.STATUS_LIST, Importance.LOW,
                "Non-retriable statuses that mean 'something in this body is bad': a batch of several records "
                        + "answered with one of them is split in halves and resent, so only the offending records reach "
                        + "the DLQ. Other 4xx send the whole batch to the DLQ. Empty: never split.",
                GROUP_DELIVERY, ++order, Width.MEDIUM, "Split statuses");

        order = 0;
        def.define(AUTH_TYPE, Type.STRING, "none", ConfigValidators.oneOf(AuthType.class),
                Importance.HIGH, "none | basic | bearer | oauth2 (client credentials).", GROUP_AUTH, ++order, Width.SHORT,
                "Authentication", ConfigValidators.recommend(AuthType.class));
        def.define(AUTH_BASIC_USERNAME, Type.STRING, null, Importance.MEDIUM, "User name for auth.type=basic.",
                GROUP_AUTH, ++order, Width.MEDIUM, "Basic user", ConfigValidators.visibleWhen(AUTH_TYPE, "basic"));
        def.define(AUTH_BASIC_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password for auth.type=basic.",
                GROUP_AUTH, ++order, Width.MEDIUM, "Basic password", ConfigValidators.visibleWhen(AUTH_TYPE, "basic"));
        def.define(AUTH_BEARER_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                "Static token for auth.type=bearer, sent as 'Authorization: Bearer <token>'.",
                GROUP_AUTH, ++order, Width.LONG, "Bearer token", ConfigValidators.visibleWhen(AUTH_TYPE, "bearer"));
        def.define(AUTH_OAUTH2_TOKEN_URL, Type.STRING, null, ConfigValidators.HTTPS_URL_OR_NULL, Importance.MEDIUM,
                "Token endpoint (https) for auth.type=oauth2, client-credentials grant.",
                GROUP_AUTH, ++order, Width.LONG, "Token URL", ConfigValidators.visibleWhen(AUTH_TYPE, "oauth2"));
        def.define(AUTH_OAUTH2_CLIENT_ID, Type.STRING, null, Importance.MEDIUM, "OAuth2 client id.",
                GROUP_AUTH, ++order, Width.MEDIUM, "Client id", ConfigValidators.visibleWhen(AUTH_TYPE, "oauth2"));
        def.define(AUTH_OAUTH2_CLIENT_SECRET, Type.PASSWORD, null, Importance.MEDIUM, "OAuth2 client secret.",
                GROUP_AUTH, ++order, Width.MEDIUM, "Client secret", ConfigValidators.visibleWhen(AUTH_TYPE, "oauth2"));
        def.define(AUTH_OAUTH2_SCOPE, Type.STRING, "", Importance.LOW, "Space-separated scopes to request; empty: none.",
                GROUP_AUTH, ++order, Width.MEDIUM, "Scope", ConfigValidators.visibleWhen(AUTH_TYPE, "oauth2"));
        def.define(AUTH_OAUTH2_CLIENT_AUTH_METHOD, Type.STRING, "basic", ConfigValidators.oneOf(ClientAuthMethod.class),
                Importance.LOW, "How the client authenticates at the token endpoint: basic (client_secret_basic, "
                        + "the RFC 6749 default) or post (client_secret_post, id and secret in the form).",
                GROUP_AUTH, ++order, Width.SHORT, "Client auth method", ConfigValidators.visibleWhen(AUTH_TYPE, "oauth2"));
        def.define(AUTH_OAUTH2_REFRESH_SKEW_MS, Type.LONG, 30_000L, ConfigDef.Range.between(0L, 3_600_000L), Importance.LOW,
                "A token is refreshed this many milliseconds before its expires_in runs out, so no request carries "
                        + "a token that expires on the way. Default 30 s.", GROUP_AUTH, ++order, Width.SHORT,
                "Refresh skew (ms)", ConfigValidators.visibleWhen(AUTH_TYPE, "oauth2"));
        def.define(AUTH_OAUTH2_TOKEN_ATTEMPTS, Type.INT, 3, ConfigDef.Range.between(1, 20), Importance.LOW,
                "Attempts per token fetch (I/O errors, 429 and 5xx are retried with backoff). When all fail, the "
                        + "delivery request counts as a retriable failure. Default 3.", GROUP_AUTH, ++order, Width.SHORT,
                "Token attempts", ConfigValidators.visibleWhen(AUTH_TYPE, "oauth2"));

        order = 0;
        def.define(SIGNING_SECRET, Type.PASSWORD, null, ConfigValidators.WEBHOOK_SECRET, Importance.MEDIUM,
                "Standard Webhooks signing secret: 'whsec_' followed by the base64 key. When set, requests carry "
                        + "webhook-id, webhook-timestamp and webhook-signature (HMAC-SHA256 over "
                        + "id.timestamp.uncompressed-body). Empty: unsigned.", GROUP_SIGNING, ++order, Width.LONG,
                "Signing secret");
        def.define(SIGNING_SECRET_PREVIOUS, Type.PASSWORD, null, ConfigValidators.WEBHOOK_SECRET, Importance.LOW,
                "The previous signing secret during a rotation: requests carry both signatures, so receivers on "
                        + "either secret verify them. Remove once every receiver has the new one.",
                GROUP_SIGNING, ++order, Width.LONG, "Previous signing secret");

        order = 0;
        def.define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                "Trust store file for the endpoint's (and the token endpoint's) certificates. Empty: the JVM's "
                        + "default CAs. Hostname verification is always on.",
                GROUP_TLS, ++order, Width.LONG, "Trust store");
        def.define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                "Trust store password (JKS, PKCS12; not needed for PEM).", GROUP_TLS, ++order, Width.MEDIUM,
                "Trust store password");
        def.define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in(STORE_TYPES), Importance.LOW,
                "JKS, PKCS12 or PEM (X.509 certificates).", GROUP_TLS, ++order, Width.SHORT, "Trust store type",
                ConfigEnums.fixedValues(STORE_TYPES));
        def.define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                "Key store with the client certificate and key, for endpoints that require mutual TLS. Empty: none.",
                GROUP_TLS, ++order, Width.LONG, "Key store");
        def.define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                "Key store password (JKS, PKCS12).", GROUP_TLS, ++order, Width.MEDIUM, "Key store password");
        def.define(SSL_KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in(STORE_TYPES), Importance.LOW,
                "JKS, PKCS12 or PEM (a PKCS#8 private key, optionally encrypted, followed by its certificate chain).",
                GROUP_TLS, ++order, Width.SHORT, "Key store type", ConfigEnums.fixedValues(STORE_TYPES));
        def.define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                "Password of the private key when it differs from the key store password (PEM: of an encrypted key).",
                GROUP_TLS, ++order, Width.MEDIUM, "Key password");
        def.define(SSL_ENABLED_PROTOCOLS, Type.LIST, List.of("TLSv1.3", "TLSv1.2"), ConfigDef.ValidList.in(false, TLS_PROTOCOLS),
                Importance.LOW, "TLS versions offered. Older versions are not supported.", GROUP_TLS, ++order, Width.MEDIUM,
                "TLS protocols");

        order = 0;
        def.define(ERROR_RESPONSE_EXCERPT_CHARS, Type.INT, 512, ConfigDef.Range.between(0, 65_536), Importance.LOW,
                "How much of an error response body is quoted in the DLQ reason and in task failures, in "
                        + "characters. Default 512.", GROUP_ERRORS, ++order, Width.SHORT, "Response excerpt (chars)");
        UsageConfig.define(def);
        def.defineInternal(TASK_INDEX, Type.INT, 0, Importance.LOW);
        return def;
    }

    /** The task's number among the connector's tasks (set by the connector; 0 outside it). */
    int taskIndex() {
        return getInt(TASK_INDEX);
    }

    public URI url() {
        return URI.create(getString(HTTP_URL));
    }

    /** {@link #url()} for logs and error messages: no user info, and the query (tokens live there) hidden. */
    public String urlForLogs() {
        return redact(getString(HTTP_URL));
    }

    /** {@code scheme://host:port/path}, with {@code ?[hidden]} for a query; user info is dropped. */
    static String redact(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "(unparseable URL)";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?[hidden]");
    }

    public String method() {
        return method;
    }

    /**
     * Static headers, validated, in configured order: those of http.headers, then the secret ones.
     *
     * @throws ConfigException when both lists name one header (a rule across keys the connector reports)
     */
    public List<Map.Entry<String, String>> staticHeaders() {
        if (headerInBothLists != null) {
            throw new ConfigException(headerInBothListsMessage());
        }
        return staticHeaders;
    }

    public long connectTimeoutMs() {
        return getLong(HTTP_TIMEOUT_CONNECT_MS);
    }

    public long requestTimeoutMs() {
        return getLong(HTTP_TIMEOUT_REQUEST_MS);
    }

    /** host:port, or empty. */
    public String proxy() {
        return getString(HTTP_PROXY).trim();
    }

    public int maxRequestBytes() {
        return getInt(HTTP_MAX_REQUEST_BYTES);
    }

    public BodyFormat bodyFormat() {
        return bodyFormat;
    }

    public boolean gzip() {
        return "gzip".equalsIgnoreCase(getString(HTTP_COMPRESSION));
    }

    public int compressionLevel() {
        return getInt(HTTP_COMPRESSION_LEVEL);
    }

    public ValueEncoding valueEncoding() {
        return valueEncoding;
    }

    public TombstoneHandling tombstones() {
        return tombstones;
    }

    public String cloudEventsTypeField() {
        return getString(CLOUDEVENTS_TYPE_FIELD).trim();
    }

    public String cloudEventsTypeDefault() {
        return getString(CLOUDEVENTS_TYPE_DEFAULT);
    }

    /** Records per request: 1 for body.format=single. */
    public int batchMaxRecords() {
        return bodyFormat == BodyFormat.SINGLE ? 1 : getInt(BATCH_MAX_RECORDS);
    }

    public int batchMaxBytes() {
        return getInt(BATCH_MAX_BYTES);
    }

    public long lingerMs() {
        return getLong(BATCH_LINGER_MS);
    }

    public long bufferMaxBytes() {
        return getLong(BUFFER_MAX_BYTES);
    }

    public int maxInFlightRequests() {
        return getInt(MAX_IN_FLIGHT_REQUESTS);
    }

    public int bufferWorkerMaxHeapPercent() {
        return getInt(BUFFER_WORKER_MAX_HEAP_PERCENT);
    }

    public int senderPoolThreads() {
        return getInt(SENDER_POOL_THREADS);
    }

    public long retryBackoffInitialMs() {
        return getLong(RETRY_BACKOFF_INITIAL_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    public long retryTimeoutMs() {
        return getLong(RETRY_TIMEOUT_MS);
    }

    public Set<Integer> retryStatuses() {
        return retryStatuses;
    }

    public Set<Integer> splitStatuses() {
        return splitStatuses;
    }

    public AuthType authType() {
        return authType;
    }

    public String basicUsername() {
        return getString(AUTH_BASIC_USERNAME);
    }

    public Password basicPassword() {
        return getPassword(AUTH_BASIC_PASSWORD);
    }

    public Password bearerToken() {
        return getPassword(AUTH_BEARER_TOKEN);
    }

    public String oauth2TokenUrl() {
        return getString(AUTH_OAUTH2_TOKEN_URL);
    }

    public String oauth2ClientId() {
        return getString(AUTH_OAUTH2_CLIENT_ID);
    }

    public Password oauth2ClientSecret() {
        return getPassword(AUTH_OAUTH2_CLIENT_SECRET);
    }

    public String oauth2Scope() {
        return getString(AUTH_OAUTH2_SCOPE).trim();
    }

    public ClientAuthMethod oauth2ClientAuthMethod() {
        return clientAuthMethod;
    }

    public long oauth2RefreshSkewMs() {
        return getLong(AUTH_OAUTH2_REFRESH_SKEW_MS);
    }

    public int oauth2TokenAttempts() {
        return getInt(AUTH_OAUTH2_TOKEN_ATTEMPTS);
    }

    public Password signingSecret() {
        return getPassword(SIGNING_SECRET);
    }

    public Password signingSecretPrevious() {
        return getPassword(SIGNING_SECRET_PREVIOUS);
    }

    public String truststoreLocation() {
        return blankToNull(getString(SSL_TRUSTSTORE_LOCATION));
    }

    public Password truststorePassword() {
        return getPassword(SSL_TRUSTSTORE_PASSWORD);
    }

    public String truststoreType() {
        return getString(SSL_TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT);
    }

    public String keystoreLocation() {
        return blankToNull(getString(SSL_KEYSTORE_LOCATION));
    }

    public Password keystorePassword() {
        return getPassword(SSL_KEYSTORE_PASSWORD);
    }

    public String keystoreType() {
        return getString(SSL_KEYSTORE_TYPE).toUpperCase(Locale.ROOT);
    }

    public Password keyPassword() {
        return getPassword(SSL_KEY_PASSWORD);
    }

    public List<String> enabledProtocols() {
        return getList(SSL_ENABLED_PROTOCOLS);
    }

    public int errorExcerptChars() {
        return getInt(ERROR_RESPONSE_EXCERPT_CHARS);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
