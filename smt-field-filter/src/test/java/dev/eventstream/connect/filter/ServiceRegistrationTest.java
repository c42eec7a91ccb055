package dev.eventstream.connect.filter;

import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRegistrationTest {

    @Test
    @SuppressWarnings("rawtypes")
    void pluginsAreRegisteredForServiceLoading() {
        assertThat(ServiceLoader.load(Transformation.class).stream().map(p -> p.type().getName()))
                .contains(FieldFilter.Key.class.getName(), FieldFilter.Value.class.getName());
        assertThat(ServiceLoader.load(Predicate.class).stream().map(p -> p.type().getName()))
                .contains(FieldMatches.class.getName());
    }
}
