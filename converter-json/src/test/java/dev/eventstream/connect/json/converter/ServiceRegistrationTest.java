package dev.eventstream.connect.json.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.convert.ConvertValue;
import java.util.ServiceLoader;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/** Workers with {@code plugin.discovery=service_load} find only what META-INF/services lists. */
class ServiceRegistrationTest {

    @Test
    @SuppressWarnings("rawtypes")
    void pluginsAreRegisteredForServiceLoading() {
        assertThat(ServiceLoader.load(Converter.class).stream().map(p -> p.type().getName()))
                .contains(JsonConverter.class.getName());
        assertThat(ServiceLoader.load(HeaderConverter.class).stream().map(p -> p.type().getName()))
                .contains(JsonConverter.class.getName());
        assertThat(ServiceLoader.load(Transformation.class).stream().map(p -> p.type().getName()))
                .contains(ConvertValue.class.getName());
    }
}
