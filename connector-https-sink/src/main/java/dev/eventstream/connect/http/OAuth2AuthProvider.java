package dev.eventstream.connect.http;

/** {@code Authorization: Bearer <token>} from an {@link OAuth2TokenSource}; a 401 invalidates that token once. */
final class OAuth2AuthProvider implements AuthProvider {

    private static final String PREFIX = "Bearer ";

    private final OAuth2TokenSource tokens;

    OAuth2AuthProvider(OAuth2TokenSource tokens) {
        this.tokens = tokens;
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
}
