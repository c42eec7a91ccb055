package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // The Standard Webhooks specification's own example: its reference libraries verify exactly this.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant THEN = Instant.ofEpochSecond(1614265330);

    private final WebhookSignature signature = new WebhookSignature(SECRET);

    @Test
    void verifiesTheSpecificationsExample() {
        assertThat(signature.verify(ID, TIMESTAMP, SIGNATURE, BODY, THEN)).isTrue();
    }

    @Test
    void acceptsAnyOfSeveralSignaturesDuringASecretRotation() {
        assertThat(signature.verify(ID, TIMESTAMP, "v1,bm90IHRoaXMgb25l " + SIGNATURE, BODY, THEN)).isTrue();
    }

    @Test
    void refusesAChangedBodyIdOrTimestamp() {
        assertThat(signature.verify(ID, TIMESTAMP, SIGNATURE, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), THEN)).isFalse();
        assertThat(signature.verify("msg_other", TIMESTAMP, SIGNATURE, BODY, THEN)).isFalse();
        assertThat(signature.verify(ID, "1614265331", SIGNATURE, BODY, THEN.plusSeconds(1))).isFalse();
    }

    @Test
    void refusesAReplayOutsideFiveMinutesAndMissingHeaders() {
        assertThat(signature.verify(ID, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(301))).isFalse();
        assertThat(signature.verify(ID, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(299))).isTrue();
        assertThat(signature.verify(null, TIMESTAMP, SIGNATURE, BODY, THEN)).isFalse();
        assertThat(signature.verify(ID, TIMESTAMP, null, BODY, THEN)).isFalse();
        assertThat(signature.verify(ID, "yesterday", SIGNATURE, BODY, THEN)).isFalse();
    }
}
