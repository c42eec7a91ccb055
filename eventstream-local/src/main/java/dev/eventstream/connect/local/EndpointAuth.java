package dev.eventstream.connect.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The credentials a demo endpoint expects, as its endpoint file names them: {@code none}, {@code basic},
 * {@code bearer}, or {@code oauth2} (client credentials: the receiver's token route issues {@code token} to
 * the right client id and secret, and the webhook then expects it as a bearer token).
 */
record EndpointAuth(String type, String principal, String secret, String token) {

    static final EndpointAuth NONE = new EndpointAuth("none", null, null, null);

    static EndpointAuth basic(String username, String password) {
        return new EndpointAuth("basic", username, password, null);
    }

    static EndpointAuth bearer(String token) {
        return new EndpointAuth("bearer", null, null, token);
    }

    static EndpointAuth oauth2(String clientId, String clientSecret) {
        return new EndpointAuth("oauth2", clientId, clientSecret, StateDirectory.randomToken());
    }

    /** Whether a webhook request with this {@code Authorization} header is let in. */
    boolean admits(String authorization) {
        return switch (type) {
            case "none" -> true;
            case "basic" -> same(authorization, basicHeader(principal, secret));
            default -> same(authorization, "Bearer " + token);
        };
    }

    /** Whether a token request (client credentials in a Basic header or in the form) is from this endpoint's client. */
    boolean isClient(String authorization, String formClientId, String formClientSecret) {
        if (!type.equals("oauth2")) {
            return false;
        }
        return same(authorization, basicHeader(principal, secret))
            || principal.equals(formClientId) && secret.equals(formClientSecret);
    }

    private static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "EndpointAuth(" + type + ")";
    }
}
