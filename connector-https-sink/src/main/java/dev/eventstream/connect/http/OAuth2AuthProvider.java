package dev.eventstream.connect.http;

import dev.eventstream.connect.common.SharedResources;

/**
 * {@code Authorization: Bearer <token>} from an {@link OAuth2TokenSource} (shared by the worker's tasks of the same
 * credential); a 401 invalidates that token once.
 */
final class OAuth2AuthProvider implements AuthProvider {

    private static final String PREFIX = "Bearer ";

    private final OAuth2TokenSource tokens;
    private final Runnable release;

    OAuth2AuthProvider(OAuth2TokenSource tokens) {
        this(tokens, () -> { });
    }

    private OAuth2AuthProvider(OAuth2TokenSource tokens, Runnable release) {
        this.tokens = tokens;
        this.release = release;
    }

    /** A provider on the worker's token source of {@code config}'s credential; {@link #close()} gives it back. */
    static OAuth2AuthProvider shared(HttpsSinkConfig config, HttpClientFactory.SharedClient client) {
        SharedResources<OAuth2TokenSource.Credential, OAuth2TokenSource>.Lease lease = OAuth2TokenSource.shared(config, client);
        return new OAuth2AuthProvider(lease.get(), lease::close);
    }

    @Override
    public String authorization() throws TokenException {
        return PREFIX + tokens.token();
    }

    @Override
    public boolean refreshAfterUnauthorized(String usedAuthorization) throws TokenException {
        if (usedAuthorization != null && usedAuthorization.startsWith(PREFIX)) {
            tokens.invalidate(usedAuthorization.substring(PREFIX.length()));
        }
        tokens.token();
        return true;
    }

    @Override
    public void close() {
        release.run();
    }
}
