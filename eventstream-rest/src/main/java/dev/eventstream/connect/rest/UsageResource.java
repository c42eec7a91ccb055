package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.usage.UsageCounts;
import dev.eventstream.connect.usage.UsageKey;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /eventstream/usage}: the usage topic's totals, added up over task instances and workers, per tenant,
 * endpoint, topic and minute, hour or day ({@code from} inclusive, {@code to} exclusive), as JSON or CSV.
 */
@Path("/eventstream/usage")
public final class UsageResource {

    static final String CSV = "text/csv";
    private static final String CSV_HEADER = "period,tenant,endpoint,topic,records,jsonBytes,wireBytes,requests,"
        + "failedAttempts,dlq,redelivered\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final UsageReader reader;
    private final ConfigStore store;
    private final AccessTokens tokens;

    UsageResource(UsageReader reader, ConfigStore store, AccessTokens tokens) {
        this.reader = reader;
        this.store = store;
        this.tokens = tokens;
    }

    enum Granularity {
        minute(ChronoUnit.MINUTES), hour(ChronoUnit.HOURS), day(ChronoUnit.DAYS);

        final ChronoUnit unit;

        Granularity(ChronoUnit unit) {
            this.unit = unit;
        }
    }

    /** One row: a period and what it is of. */
    record Row(Instant period, String tenant, String endpoint, String topic) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int c = period.compareTo(o.period);
            c = c != 0 ? c : tenant.compareTo(o.tenant);
            c = c != 0 ? c : endpoint.compareTo(o.endpoint);
            return c != 0 ? c : topic.compareTo(o.topic);
        }
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response usage(@Context HttpHeaders headers, @QueryParam("tenant") String tenant,
                          @QueryParam("endpoint") String endpoint, @QueryParam("topic") String topic,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("granularity") String granularity) {
        Caller caller = tokens.authenticate(headers);
        String scope = tenant != null ? tenant : caller.tenant();
        if (scope != null && !caller.sees(scope)) {
            throw EndpointsResource.unknownTenant(scope);
        }
        Granularity unit = granularity(granularity);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        Map<Row, UsageCounts> rows = new TreeMap<>();
        for (Map.Entry<UsageKey, UsageCounts> entry : reader.latest().entrySet()) {
            UsageKey key = entry.getKey();
            Instant minute = key.start();
            if ((scope != null && !scope.equals(key.tenant())) || (endpoint != null && !endpoint.equals(key.endpoint()))
                || (topic != null && !topic.equals(key.topic())) || (start != null && minute.isBefore(start))
                || (end != null && !minute.isBefore(end))) {
                continue;
            }
            rows.merge(new Row(minute.truncatedTo(unit.unit), key.tenant(), key.endpoint(), key.topic()),
                entry.getValue(), UsageCounts::plus);
        }
        if (tenant != null && rows.isEmpty() && store.load().endpoints().stream().noneMatch(e -> e.tenant().equals(tenant))) {
            throw EndpointsResource.unknownTenant(tenant);
        }
        if (headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.valueOf(CSV)) && !t.isWildcardType())) {
            return Response.ok(csv(rows), CSV).build();
        }
        return Response.ok(json(rows, unit, start, end).toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static ObjectNode json(Map<Row, UsageCounts> rows, Granularity unit, Instant start, Instant end) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("granularity", unit.name());
        body.put("from", start == null ? null : start.toString());
        body.put("to", end == null ? null : end.toString());
        ArrayNode list = body.putArray("rows");
        UsageCounts total = UsageCounts.ZERO;
        for (Map.Entry<Row, UsageCounts> row : rows.entrySet()) {
            ObjectNode item = list.addObject();
            item.put("period", row.getKey().period().toString());
            item.put("tenant", row.getKey().tenant());
            item.put("endpoint", row.getKey().endpoint());
            item.put("topic", row.getKey().topic());
            item.setAll((ObjectNode) MAPPER.valueToTree(row.getValue()));
            total = total.plus(row.getValue());
        }
        body.set("total", MAPPER.valueToTree(total));
        return body;
    }

    private static String csv(Map<Row, UsageCounts> rows) {
        StringBuilder out = new StringBuilder(CSV_HEADER);
        rows.forEach((row, c) -> out.append(row.period()).append(',').append(csvField(row.tenant())).append(',')
            .append(csvField(row.endpoint())).append(',').append(csvField(row.topic())).append(',')
            .append(c.records()).append(',').append(c.jsonBytes()).append(',').append(c.wireBytes()).append(',')
            .append(c.requests()).append(',').append(c.failedAttempts()).append(',').append(c.dlq()).append(',')
            .append(c.redelivered()).append('\n'));
        return out.toString();
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static Granularity granularity(String value) {
        if (value == null) {
            return Granularity.hour;
        }
        try {
            return Granularity.valueOf(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("granularity", "granularity must be minute, hour or day, got '" + value + "'");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " must be an ISO-8601 UTC instant such as 2026-11-30T10:00:00Z, got '"
                + value + "'");
        }
    }
}
