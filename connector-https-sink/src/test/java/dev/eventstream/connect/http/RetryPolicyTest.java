package dev.eventstream.connect.http;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static RetryPolicy policy(double random) {
        return new RetryPolicy(100, 1_000, 10_000, Set.of(429, 503), () -> random);
    }

    @Test
    void fullJitterStaysWithinAnExponentialCeiling() {
        assertThat(policy(0.999999).delayMs(1, 0, -1)).isEqualTo(100);
        assertThat(policy(0.999999).delayMs(2, 0, -1)).isEqualTo(200);
        assertThat(policy(0.999999).delayMs(4, 0, -1)).isEqualTo(800);
        assertThat(policy(0.999999).delayMs(5, 0, -1)).isEqualTo(1_000);
        assertThat(policy(0.999999).delayMs(60, 0, -1)).isEqualTo(1_000);
        assertThat(policy(0.0).delayMs(3, 0, -1)).isZero();
        assertThat(policy(0.5).delayMs(3, 0, -1)).isBetween(199L, 201L);
    }

    @Test
    void budgetEndsRetries() {
        assertThat(policy(0.999999).delayMs(3, 9_700, -1)).isEqualTo(RetryPolicy.GIVE_UP);
        assertThat(policy(0.999999).delayMs(3, 9_000, -1)).isEqualTo(400);
        assertThat(policy(0.1).delayMs(1, 0, 20_000)).isEqualTo(RetryPolicy.GIVE_UP);
    }

    @Test
    void retryAfterWinsOverBackoffWithJitterOfUpToOneInitialBackoff() {
        assertThat(policy(0.0).delayMs(1, 0, 5_000)).isEqualTo(5_000);
        assertThat(policy(0.5).delayMs(1, 0, 5_000)).isEqualTo(5_050);
    }

    @Test
    void retryAfterBeyondTheBudgetGivesUpAtOnceWithoutOverflow() {
        assertThat(policy(0.5).delayMs(1, 10, Long.MAX_VALUE)).isEqualTo(RetryPolicy.GIVE_UP);
        assertThat(policy(0.5).delayMs(1, 1_000, Long.MAX_VALUE - 500)).isEqualTo(RetryPolicy.GIVE_UP);
        assertThat(policy(0.5).delayMs(1, 0, 10_001)).isEqualTo(RetryPolicy.GIVE_UP);
    }

    @Test
    void retryAfterZeroOrInThePastNeverRetriesFasterThanTheInitialBackoff() {
        assertThat(policy(0.0).delayMs(1, 0, 0)).isEqualTo(100);
        assertThat(policy(0.999999).delayMs(7, 0, 0)).isBetween(100L, 200L);
    }

    @Test
    void aRetryAfterTooLargeForALongIsTheLongestWait() {
        assertThat(RetryPolicy.parseRetryAfter("99999999999999999999999", 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void retriableStatusesAreConfigurable() {
        assertThat(policy(0).isRetriable(503)).isTrue();
        assertThat(policy(0).isRetriable(500)).isFalse();
    }

    @Test
    void parsesRetryAfterSecondsAndHttpDates() {
        long now = ZonedDateTime.of(2026, 11, 22, 10, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        assertThat(RetryPolicy.parseRetryAfter("5", now)).isEqualTo(5_000);
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", now)).isZero();
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2026, 11, 22, 10, 0, 30, 0, ZoneOffset.UTC));
        assertThat(RetryPolicy.parseRetryAfter(in30s, now)).isEqualTo(30_000);
        assertThat(RetryPolicy.parseRetryAfter("Sun, 22 Nov 2026 09:59:00 GMT", now)).isZero();
        assertThat(RetryPolicy.parseRetryAfter("Sun, 22 Nov 2026 10:01:00 GMT", now)).isEqualTo(60_000);
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEqualTo(-1);
        assertThat(RetryPolicy.parseRetryAfter("-5", now)).isEqualTo(-1);
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isEqualTo(-1);
    }
}
