package dev.eventstream.connect.rest;

import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.ConnectSettings;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A client of this worker's own Connect REST API, at the address the request came in on, with the caller's basic
 * credentials when Connect's {@code BasicAuthSecurityRestExtension} asked for them: the extension can do through
 * Connect exactly what its caller could, no more. Connect forwards writes to the leader itself.
 */
final class WorkerConnect {

    private WorkerConnect() {
    }

    static ConnectClient forRequest(UriInfo uri, HttpHeaders headers) {
        String url = uri.getBaseUri().toString().replaceAll("/+$", "");
        String username = null;
        String password = null;
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                username = decoded.substring(0, colon);
                password = decoded.substring(colon + 1);
            }
        }
        return new ConnectClient(new ConnectSettings(java.net.URI.create(url), username, password, null, null));
    }
}
