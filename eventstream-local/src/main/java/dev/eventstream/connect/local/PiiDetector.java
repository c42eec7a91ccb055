package dev.eventstream.connect.local;

import java.util.regex.Pattern;

/**
 * Finds personal data in clear in what an endpoint received: phone numbers in E.164 form, card numbers and
 * e-mail addresses, the kinds the demo producer puts into its events. A masked ({@code ****}) or hashed
 * value does not match; any match means a PII rule did not apply.
 */
final class PiiDetector {

    private static final Pattern PHONE = Pattern.compile("\\+\\d{10,14}\\b");
    private static final Pattern CARD = Pattern.compile("\\b(?:\\d{4}[ -]?){3}\\d{4}\\b");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private PiiDetector() {
    }

    /** How many values of personal data {@code text} holds in clear. */
    static int count(String text) {
        return (int) (PHONE.matcher(text).results().count()
            + CARD.matcher(text).results().count()
            + EMAIL.matcher(text).results().count());
    }
}
