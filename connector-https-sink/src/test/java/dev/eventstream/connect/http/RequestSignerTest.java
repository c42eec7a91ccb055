package dev.eventstream.connect.http;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSignerTest {

    // The Standard Webhooks specification's published test vector (reference libraries' tests).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void reproducesTheSpecTestVector() {
        RequestSigner signer = RequestSigner.create(new Password(SECRET), null);
        assertThat(signer.sign(MSG_ID, TIMESTAMP, PAYLOAD, 0, PAYLOAD.length)).isEqualTo(EXPECTED);
    }

    @Test
    void secretWithoutPrefixSignsTheSame() {
        RequestSigner signer = RequestSigner.create(new Password(SECRET.substring("whsec_".length())), null);
        assertThat(signer.sign(MSG_ID, TIMESTAMP, PAYLOAD, 0, PAYLOAD.length)).isEqualTo(EXPECTED);
    }

    @Test
    void streamingSignatureEqualsArraySignature() throws IOException {
        RequestSigner signer = RequestSigner.create(new Password(SECRET), null);
        assertThat(signer.sign(MSG_ID, TIMESTAMP, () -> new ByteArrayInputStream(PAYLOAD))).isEqualTo(EXPECTED);
    }

    @Test
    void rotationSendsBothSignaturesCurrentFirst() {
        String previous = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        RequestSigner signer = RequestSigner.create(new Password(SECRET), new Password(previous));
        String header = signer.sign(MSG_ID, TIMESTAMP, PAYLOAD, 0, PAYLOAD.length);
        String[] parts = header.split(" ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo(EXPECTED);
        assertThat(parts[1]).startsWith("v1,").isNotEqualTo(EXPECTED);
        RequestSigner oldOnly = RequestSigner.create(new Password(previous), null);
        assertThat(parts[1]).isEqualTo(oldOnly.sign(MSG_ID, TIMESTAMP, PAYLOAD, 0, PAYLOAD.length));
    }

    @Test
    void noSecretMeansNoSigner() {
        assertThat(RequestSigner.create(null, null)).isNull();
        assertThat(RequestSigner.create(new Password(""), null)).isNull();
    }

    @Test
    void messageIdIsDeterministicPerEventIdsAndOrder() {
        RequestSigner.MessageIds ids = new RequestSigner.MessageIds();
        ids.begin();
        ids.add("orders-0-1");
        ids.add("orders-0-2");
        String first = ids.finish();
        ids.begin();
        ids.add("orders-0-1");
        ids.add("orders-0-2");
        assertThat(ids.finish()).isEqualTo(first);
        ids.begin();
        ids.add("orders-0-2");
        ids.add("orders-0-1");
        assertThat(ids.finish()).isNotEqualTo(first);
        assertThat(first).matches("msg_[A-Za-z0-9_-]{24}");
    }
}
