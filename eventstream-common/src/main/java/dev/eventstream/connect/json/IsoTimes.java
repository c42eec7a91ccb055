package dev.eventstream.connect.json;

import java.time.LocalDate;

/**
 * Formats epoch milliseconds as ISO-8601 text in UTC, into a caller-supplied buffer, without the
 * allocations and pattern interpretation of {@code DateTimeFormatter} (this sits on the per-record path).
 *
 * <p>Years 0000..9999 are written with four digits; years outside that range use ISO-8601's expanded
 * form (a sign and at least four digits), as {@code java.time} does, e.g. {@code +10000-01-01} or {@code -0001-12-31}.
 */
final class IsoTimes {

    /** Longest output: sign + 10-digit year + "-MM-ddTHH:mm:ss.SSSZ". */
    static final int MAX_LENGTH = 40;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private IsoTimes() {
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}; returns the number of chars written. */
    static int timestamp(long epochMillis, char[] buf) {
        int pos = date(Math.floorDiv(epochMillis, MILLIS_PER_DAY), buf, 0);
        buf[pos++] = 'T';
        pos = time((int) Math.floorMod(epochMillis, MILLIS_PER_DAY), buf, pos);
        buf[pos++] = 'Z';
        return pos;
    }

    /** {@code yyyy-MM-dd} of the UTC day containing {@code epochMillis}; returns the number of chars written. */
    static int date(long epochMillis, char[] buf) {
        return date(Math.floorDiv(epochMillis, MILLIS_PER_DAY), buf, 0);
    }

    /** {@code HH:mm:ss.SSS} of the UTC time of day of {@code epochMillis}; returns the number of chars written. */
    static int time(long epochMillis, char[] buf) {
        return time((int) Math.floorMod(epochMillis, MILLIS_PER_DAY), buf, 0);
    }

    private static int date(long epochDay, char[] buf, int start) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int pos = start;
        int year = date.getYear();
        if (year >= 0 && year <= 9999) {
            pos = digits(year, 4, buf, pos);
        } else {
            buf[pos++] = year < 0 ? '-' : '+';
            long abs = Math.abs((long) year);
            pos = digits(abs, Math.max(4, Long.toString(abs).length()), buf, pos);
        }
        buf[pos++] = '-';
        pos = digits(date.getMonthValue(), 2, buf, pos);
        buf[pos++] = '-';
        return digits(date.getDayOfMonth(), 2, buf, pos);
    }

    private static int time(int millisOfDay, char[] buf, int start) {
        int pos = digits(millisOfDay / 3_600_000, 2, buf, start);
        buf[pos++] = ':';
        pos = digits(millisOfDay / 60_000 % 60, 2, buf, pos);
        buf[pos++] = ':';
        pos = digits(millisOfDay / 1000 % 60, 2, buf, pos);
        buf[pos++] = '.';
        return digits(millisOfDay % 1000, 3, buf, pos);
    }

    private static int digits(long value, int width, char[] buf, int start) {
        long rest = value;
        for (int i = start + width - 1; i >= start; i--) {
            buf[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return start + width;
    }
}
