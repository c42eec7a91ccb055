package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The API tokens file: SHA-256 of each token, mapped to a tenant or to admin. Re-read when the file changes, so a
 * token is added or revoked without restarting the worker. Tokens are only ever hashed: never kept, never logged.
 */
final class AccessTokens {

    static final String TOKEN_HEADER = "X-EventStream-Token";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private FileTime loadedAt;
    private Map<String, Caller> callers = Map.of();

    /** @param file the tokens file; null: no tokens, every caller is an admin */
    AccessTokens(Path file) {
        this.file = file;
        if (file != null) {
            reloadIfChanged();
        }
    }

    /** The caller the request's token names. @throws ApiException 401 without a known token */
    Caller authenticate(HttpHeaders headers) {
        return authenticate(headers.getHeaderString(TOKEN_HEADER), headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    /** The caller named by the token header or, without it, an {@code Authorization: Bearer} token (either may be null). */
    Caller authenticate(String tokenHeader, String authorization) {
        if (file == null) {
            return Caller.ADMIN;
        }
        String token = tokenHeader;
        if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        if (token == null || token.isEmpty()) {
            throw new ApiException(401, "unauthorized", "This API needs a token: send it in the " + TOKEN_HEADER
                + " header (or Authorization: Bearer)", TOKEN_HEADER);
        }
        Caller caller = current().get(sha256(token));
        if (caller == null) {
            throw new ApiException(401, "unauthorized", "The token is not known: ask an admin for one (tokens are "
                + "listed, hashed, in the worker's " + EventStreamRestConfig.API_TOKENS_FILE + ")", TOKEN_HEADER);
        }
        return caller;
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private synchronized Map<String, Caller> current() {
        reloadIfChanged();
        return callers;
    }

    private synchronized void reloadIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loadedAt)) {
                return;
            }
            callers = parse(MAPPER.readTree(file.toFile()));
            loadedAt = modified;
        } catch (IOException e) {
            throw new ConnectException("Cannot read " + EventStreamRestConfig.API_TOKENS_FILE + " " + file + ": "
                + e.getMessage() + "; fix the file (JSON: {\"tokens\":[{\"sha256\":\"<hex>\",\"tenant\":\"<id>\"}]})", e);
        }
    }

    private Map<String, Caller> parse(JsonNode json) {
        Map<String, Caller> parsed = new LinkedHashMap<>();
        JsonNode tokens = json.path("tokens");
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode entry = tokens.get(i);
            String hash = entry.path("sha256").asText("").toLowerCase(java.util.Locale.ROOT);
            String where = file + " /tokens/" + i;
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new ConnectException(where + "/sha256: expected the SHA-256 of the token as 64 hex digits "
                    + "(e.g. printf %s \"$TOKEN\" | sha256sum)");
            }
            if ("admin".equals(entry.path("role").asText(null))) {
                parsed.put(hash, Caller.ADMIN);
            } else if (entry.hasNonNull("tenant") && !entry.get("tenant").asText().isEmpty()) {
                parsed.put(hash, Caller.tenant(entry.get("tenant").asText()));
            } else {
                throw new ConnectException(where + ": a token needs \"tenant\": \"<tenant id>\" or \"role\": \"admin\"");
            }
        }
        return Map.copyOf(parsed);
    }
}
