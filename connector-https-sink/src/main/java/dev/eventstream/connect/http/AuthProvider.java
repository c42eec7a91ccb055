package dev.eventstream.connect.http;

import okhttp3.Credentials;

import java.nio.charset.StandardCharsets;

/** The Authorization header of delivery requests. Implementations are thread-safe; close gives shared parts back. */
interface AuthProvider extends AutoCloseable {

    /** The header value for the next request, or null for none. May block while a token is fetched. */
    String authorization() throws TokenException;

    /**
     * The endpoint answered 401 to a request that carried {@code usedAuthorization}. Returns true when a fresh
     * credential was obtained and one retry makes sense (OAuth2), false otherwise.
     */
    default boolean refreshAfterUnauthorized(String usedAuthorization) throws TokenException {
        return false;
    }

    /** Gives back what the provider shares with other tasks (an OAuth2 token source); nothing by default. */
    @Override
    default void close() {
    }

    static AuthProvider forConfig(HttpsSinkConfig config, HttpClientFactory.SharedClient client) {
        switch (config.authType()) {
            case BASIC: {
                String header = Credentials.basic(config.basicUsername(), config.basicPassword().value(),
                        StandardCharsets.UTF_8);
                return () -> header;
            }
            case BEARER: {
                String header = "Bearer " + config.bearerToken().value();
                return () -> header;
            }
            case OAUTH2:
                return OAuth2AuthProvider.shared(config, client);
            case NONE:
            default:
                return () -> null;
        }
    }

    /** A token could not be obtained; the message names the endpoint and status, never a secret. */
    final class TokenException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean credentialsRefused;

        TokenException(String message, Throwable cause) {
            this(message, cause, false);
        }

        TokenException(String message, Throwable cause, boolean credentialsRefused) {
            super(message, cause);
            this.credentialsRefused = credentialsRefused;
        }

        /** The token endpoint refused the client's credentials: retrying cannot help, the config must change. */
        boolean credentialsRefused() {
            return credentialsRefused;
        }
    }
}
