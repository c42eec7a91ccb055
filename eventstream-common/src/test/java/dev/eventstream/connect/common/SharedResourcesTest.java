package dev.eventstream.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SharedResourcesTest {

    /** A resource that knows whether it was closed. */
    private static final class Resource {
        private final String key;
        private final AtomicBoolean closed = new AtomicBoolean();

        Resource(String key) {
            this.key = key;
        }
    }

    private final List<Resource> made = new ArrayList<>();
    private final SharedResources<String, Resource> shared = new SharedResources<>(key -> {
        Resource resource = new Resource(key);
        made.add(resource);
        return resource;
    }, resource -> resource.closed.set(true));

    @Test
    void equalKeysShareOneResourceThatTheLastLeaseCloses() {
        SharedResources<String, Resource>.Lease first = shared.acquire("cluster-a");
        SharedResources<String, Resource>.Lease second = shared.acquire("cluster-a");
        assertThat(second.get()).isSameAs(first.get());
        assertThat(made).hasSize(1);
        assertThat(shared.users("cluster-a")).isEqualTo(2);

        first.close();
        assertThat(second.get().closed).as("another task still uses it").isFalse();
        assertThat(shared.users("cluster-a")).isEqualTo(1);

        second.close();
        assertThat(made.get(0).closed).isTrue();
        assertThat(shared.open()).isZero();
    }

    @Test
    void differentKeysGetDifferentResourcesClosedIndependently() {
        SharedResources<String, Resource>.Lease a = shared.acquire("cluster-a");
        SharedResources<String, Resource>.Lease b = shared.acquire("cluster-b");
        assertThat(a.get()).isNotSameAs(b.get());
        assertThat(a.get().key).isEqualTo("cluster-a");
        assertThat(shared.open()).isEqualTo(2);

        a.close();
        assertThat(a.get().closed).isTrue();
        assertThat(b.get().closed).isFalse();
        b.close();
    }

    @Test
    void closingALeaseTwiceReleasesOnlyOnce() {
        SharedResources<String, Resource>.Lease first = shared.acquire("cluster-a");
        SharedResources<String, Resource>.Lease second = shared.acquire("cluster-a");
        first.close();
        first.close();
        assertThat(second.get().closed).as("a double close must not take the other task's reference").isFalse();
        assertThat(shared.users("cluster-a")).isEqualTo(1);
        second.close();
    }

    @Test
    void aKeyAcquiredAgainAfterItsLastReleaseGetsAFreshResource() {
        SharedResources<String, Resource>.Lease first = shared.acquire("cluster-a");
        Resource old = first.get();
        first.close();
        try (SharedResources<String, Resource>.Lease again = shared.acquire("cluster-a")) {
            assertThat(again.get()).isNotSameAs(old);
            assertThat(again.get().closed).isFalse();
        }
    }
}
