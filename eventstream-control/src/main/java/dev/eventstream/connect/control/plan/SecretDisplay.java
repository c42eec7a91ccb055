package dev.eventstream.connect.control.plan;

import dev.eventstream.connect.control.validate.SecretReferences;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a config value is shown in a plan: as it is, except the value of a secret key that is not a config-provider
 * reference (someone wrote a secret in clear into the cluster by hand), which is hidden.
 */
public final class SecretDisplay {

    public static final String HIDDEN = "(hidden: not a config-provider reference)";

    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|token|jaas\\.config|ssl\\.keystore\\.key"
        + "|certificate\\.chain|truststore\\.certificates|basic\\.auth\\.user\\.info)$");

    private SecretDisplay() {
    }

    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The value to print for {@code key}. */
    public static String show(String key, String value) {
        if (value == null || !isSecretKey(key) || SecretReferences.isReference(value)) {
            return value;
        }
        return HIDDEN;
    }
}
