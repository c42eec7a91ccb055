package dev.eventstream.connect;

import dev.eventstream.connect.region.InPrimaryRegion;
import dev.eventstream.connect.tenant.TenantMatches;
import dev.eventstream.connect.tenant.TenantRouter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka 4 workers with plugin.discovery=service_load find plugins only through META-INF/services. */
class PluginRegistrationTest {

    @Test
    @SuppressWarnings("rawtypes")
    void transformationsAndPredicatesAreRegistered() {
        assertThat(ServiceLoader.load(Transformation.class).stream().map(ServiceLoader.Provider::type))
                .contains((Class) TenantRouter.class);
        assertThat(ServiceLoader.load(Predicate.class).stream().map(ServiceLoader.Provider::type))
                .contains((Class) TenantMatches.class, (Class) InPrimaryRegion.class);
    }

    @Test
    void everyPluginHasAConfigDefAndCanBeClosedUnconfigured() {
        assertThat(new TenantRouter<>().config().names()).isNotEmpty();
        assertThat(new TenantMatches<>().config().names()).isNotEmpty();
        assertThat(new InPrimaryRegion<>().config().names()).isNotEmpty();
        new TenantRouter<>().close();
        new TenantMatches<>().close();
        new InPrimaryRegion<>().close();
    }
}
