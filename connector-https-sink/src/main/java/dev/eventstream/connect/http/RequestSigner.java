package dev.eventstream.connect.http;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signatures: {@code webhook-signature: v1,<base64 HMAC-SHA256(id.timestamp.body)>}, over the
 * uncompressed body. With a previous secret configured (rotation) the header carries both signatures,
 * space-separated, the current one first. Thread-safe: every call works on its own {@link Mac} clone.
 */
final class RequestSigner {

    static final String HEADER_ID = "webhook-id";
    static final String HEADER_TIMESTAMP = "webhook-timestamp";
    static final String HEADER_SIGNATURE = "webhook-signature";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MESSAGE_ID_HASH_BYTES = 18; // 144 bits, 24 base64url characters

    private final List<Mac> prototypes;

    private RequestSigner(List<Mac> prototypes) {
        this.prototypes = prototypes;
    }

    /** A signer for the current secret and, when non-empty, the previous one; null when no secret is set. */
    static RequestSigner create(Password current, Password previous) {
        if (current == null || current.value() == null || current.value().isEmpty()) {
            return null;
        }
        List<Mac> macs = new ArrayList<>(2);
        macs.add(mac(HttpsSinkConfig.SIGNING_SECRET, current.value()));
        if (previous != null && previous.value() != null && !previous.value().isEmpty()) {
            macs.add(mac(HttpsSinkConfig.SIGNING_SECRET_PREVIOUS, previous.value()));
        }
        return new RequestSigner(macs);
    }

    /** The {@code webhook-signature} value for a body held in {@code body[offset, offset+length)}. */
    String sign(String messageId, long timestampSeconds, byte[] body, int offset, int length) {
        StringBuilder header = new StringBuilder(48 * prototypes.size());
        for (Mac prototype : prototypes) {
            Mac mac = copy(prototype);
            updatePrefix(mac, messageId, timestampSeconds);
            mac.update(body, offset, length);
            appendSignature(header, mac.doFinal());
        }
        return header.toString();
    }

    /** The {@code webhook-signature} value for a body read from {@code body} (each secret reads it once). */
    String sign(String messageId, long timestampSeconds, BodySource body) throws IOException {
        StringBuilder header = new StringBuilder(48 * prototypes.size());
        byte[] chunk = new byte[16 * 1024];
        for (Mac prototype : prototypes) {
            Mac mac = copy(prototype);
            updatePrefix(mac, messageId, timestampSeconds);
            try (InputStream in = body.open()) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    mac.update(chunk, 0, n);
                }
            }
            appendSignature(header, mac.doFinal());
        }
        return header.toString();
    }

    /** Opens the uncompressed body, once per secret. */
    interface BodySource {
        InputStream open() throws IOException;
    }

    private static void updatePrefix(Mac mac, String messageId, long timestampSeconds) {
        mac.update(messageId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '.');
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
    }

    private static void appendSignature(StringBuilder header, byte[] digest) {
        if (header.length() > 0) {
            header.append(' ');
        }
        header.append("v1,").append(Base64.getEncoder().encodeToString(digest));
    }

    private static Mac mac(String key, String secret) {
        byte[] keyBytes = ConfigValidators.decodeSecret(key, secret);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(keyBytes, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new ConnectException("HMAC-SHA256 is not available in this JVM for " + key, e);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }

    private static Mac copy(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new ConnectException("HMAC-SHA256 provider does not support clone()", e);
        }
    }

    /**
     * Builds a deterministic {@code webhook-id} from the event ids a body holds: {@code msg_} + base64url (no
     * padding) of the first 144 bits of SHA-256 over the ids, each followed by '\n'. Same records, same id, so a
     * receiver can de-duplicate redeliveries. Not thread-safe: one per sender thread.
     */
    static final class MessageIds {

        private final MessageDigest digest;
        private final byte[] scratch = new byte[256];

        MessageIds() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new ConnectException("SHA-256 is not available in this JVM", e);
            }
        }

        void begin() {
            digest.reset();
        }

        void add(CharSequence eventId) {
            int n = 0;
            for (int i = 0; i < eventId.length(); i++) {
                char c = eventId.charAt(i);
                if (c < 0x80) {
                    if (n == scratch.length) {
                        digest.update(scratch, 0, n);
                        n = 0;
                    }
                    scratch[n++] = (byte) c;
                } else {
                    digest.update(scratch, 0, n);
                    n = 0;
                    digest.update(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            digest.update(scratch, 0, n);
            digest.update((byte) '\n');
        }

        String finish() {
            byte[] hash = digest.digest();
            return "msg_" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Arrays.copyOf(hash, MESSAGE_ID_HASH_BYTES));
        }
    }
}
