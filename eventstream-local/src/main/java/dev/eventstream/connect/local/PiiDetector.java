package dev.eventstream.connect.local;

import java.util.regex.Pattern;

/**
 * Finds personal data in clear in what an endpoint received: phone numbers in E.164 form, card numbers and
 * e-mail addresses, the kinds the demo producer puts into its events. A masked ({@code ****}) or hashed
 * value does not match; any match means a PII rule did not apply.
 */
final class PiiDetector {

    private static final Pattern PHONE = Pattern.compile("\\+\\d{10,14}\\b");
    /** Sixteen digits, in groups of four or not; not a piece of a longer token such as a UUID. */
    private static final Pattern CARD = Pattern.compile("(?<![\\w-])(?:\\d{4}[ -]?){3}\\d{4}(?![\\w-])");
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
