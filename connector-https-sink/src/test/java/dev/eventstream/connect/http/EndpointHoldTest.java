package dev.eventstream.connect.http;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointHoldTest {

    @Test
    void urlsOfOneOriginShareAHoldUntilTheLastUserReleasesIt() {
        EndpointHold a = EndpointHold.acquire(URI.create("https://Hooks.example:443/acme?key=1"));
        EndpointHold b = EndpointHold.acquire(URI.create("https://hooks.example/globex"));
        EndpointHold other = EndpointHold.acquire(URI.create("https://hooks.example:8443/acme"));
        long now = System.nanoTime();
        a.holdFor(3_000, now);
        assertThat(b).isSameAs(a);
        assertThat(b.remainingMs(now)).isEqualTo(3_000);
        assertThat(other.remainingMs(now)).isZero();
        a.release();
        assertThat(EndpointHold.acquire(URI.create("https://hooks.example/x"))).isSameAs(b);
        b.release();
        b.release();
        EndpointHold fresh = EndpointHold.acquire(URI.create("https://hooks.example/x"));
        assertThat(fresh).isNotSameAs(a);
        assertThat(fresh.remainingMs(System.nanoTime())).isZero();
        fresh.release();
        other.release();
    }

    @Test
    void aLongerHoldIsKeptAndAHugeOneDoesNotOverflow() {
        EndpointHold hold = EndpointHold.acquire(URI.create("https://huge.example/"));
        long now = System.nanoTime();
        hold.holdFor(5_000, now);
        hold.holdFor(1_000, now);
        assertThat(hold.remainingMs(now)).isEqualTo(5_000);
        hold.holdFor(Long.MAX_VALUE, now);
        assertThat(hold.remainingMs(now)).isGreaterThan(86_400_000L);
        hold.release();
    }
}
