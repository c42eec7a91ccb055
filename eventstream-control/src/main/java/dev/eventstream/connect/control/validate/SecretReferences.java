package dev.eventstream.connect.control.validate;

import java.util.regex.Pattern;

/**
 * Connect config-provider references ({@code ${provider:path:key}}): what every secret in the files must be,
 * and the reference the validator suggests instead of a value written in clear.
 */
public final class SecretReferences {

    /** Where the suggested references point; the FileConfigProvider of the workers reads it. */
    public static final String SECRETS_FILE = "/etc/eventstream/secrets.properties";

    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{[A-Za-z0-9_.-]+:[^}]*\\}$");

    private SecretReferences() {
    }

    public static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value).matches();
    }

    /** e.g. {@code ${file:/etc/eventstream/secrets.properties:acme.crm.auth.clientSecret}} */
    public static String suggest(String key) {
        return "${file:" + SECRETS_FILE + ":" + key + "}";
    }
}
