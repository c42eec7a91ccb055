package dev.eventstream.connect.control.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ConvertValue}: the value bytes become Connect data here, after the tenant router and the region filter,
 * with the topics' converter (the suite's JSON converter, or the Avro converter with the deployment's schema
 * settings) as {@code converter} and its settings as {@code converter.*}. Nothing when the tenant is in the value:
 * the connector's {@code value.converter} then converts first (see {@link ValueConverters}).
 */
final class ConversionStep implements ChainStep {

    static final String TYPE = "dev.eventstream.connect.convert.ConvertValue";

    @Override
    public void addTo(Chain chain, EndpointInputs inputs) {
        if (!ValueConverters.afterRouting(inputs.topics())) {
            return;
        }
        Map<String, String> props = new LinkedHashMap<>();
        ValueConverters.converter(inputs.topics(), inputs.deployment(), inputs.catalog())
            .forEach((key, value) -> props.put(key.equals("class") ? "converter" : "converter." + key, value));
        chain.transform("convert", TYPE, props);
    }
}
