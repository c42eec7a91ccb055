package dev.eventstream.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {

    @TempDir
    Path dir;

    @Test
    void tokensMapToTheirTenantOrToAdminByTheirHashOnly() throws IOException {
        Path file = dir.resolve("tokens.json");
        Files.writeString(file, "{\"tokens\":[{\"sha256\":\"" + AccessTokens.sha256("t-acme") + "\",\"tenant\":\"acme\"},"
            + "{\"sha256\":\"" + AccessTokens.sha256("t-admin").toUpperCase(java.util.Locale.ROOT) + "\",\"role\":\"admin\"}]}");
        AccessTokens tokens = new AccessTokens(file);

        assertThat(tokens.authenticate("t-acme", null)).isEqualTo(Caller.tenant("acme"));
        assertThat(tokens.authenticate(null, "Bearer t-admin").admin()).isTrue();
        assertThat(Files.readString(file)).doesNotContain("t-acme");
        assertThat(Caller.tenant("acme").sees("globex")).isFalse();
        assertThatThrownBy(() -> tokens.authenticate("t-other", null))
            .isInstanceOf(ApiException.class)
            .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(401))
            .message().doesNotContain("t-other");
        assertThatThrownBy(() -> tokens.authenticate(null, "Basic dXNlcjpwYXNz"))
            .isInstanceOf(ApiException.class).hasMessageContaining("needs a token");
    }

    @Test
    void withoutATokenFileEveryCallerIsAnAdmin() {
        assertThat(new AccessTokens(null).authenticate(null, null)).isEqualTo(Caller.ADMIN);
    }

    @Test
    void aMalformedEntryNamesItsPointerAndTheFix() throws IOException {
        Path file = dir.resolve("tokens.json");
        Files.writeString(file, "{\"tokens\":[{\"sha256\":\"abc\",\"tenant\":\"acme\"}]}");
        assertThatThrownBy(() -> new AccessTokens(file))
            .isInstanceOf(ConnectException.class)
            .hasMessage(file + " /tokens/0/sha256: expected the SHA-256 of the token as 64 hex digits "
                + "(e.g. printf %s \"$TOKEN\" | sha256sum)");
    }
}
