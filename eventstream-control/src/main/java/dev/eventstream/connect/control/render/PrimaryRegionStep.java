package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code Filter} + {@code InPrimaryRegion}: records pass only while this region is their tenant's primary region. */
final class PrimaryRegionStep implements ChainStep {

    @Override
    public void addTo(Chain chain, EndpointInputs inputs) {
        Deployment deployment = inputs.deployment();
        Deployment.RegionMap map = deployment.regionMap();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("region.local", deployment.region());
        props.put("region.source", map.source());
        switch (map.source()) {
            case "file" -> props.put("region.file.path", map.file());
            case "http" -> {
                props.put("region.http.url", map.url());
                putIfSet(props, "region.http.bearer.token", map.bearerToken());
            }
            case "kafka" -> {
                props.put("region.kafka.bootstrap.servers", deployment.kafka().bootstrapServers());
                props.put("region.kafka.topic", map.topic());
            }
            default -> throw new IllegalStateException("Unknown region source " + map.source());
        }
        putIfSet(props, "region.refresh.interval.ms", map.refreshIntervalMs());
        putIfSet(props, "region.startup.timeout.ms", map.startupTimeoutMs());
        putIfSet(props, "region.unknown.tenant", map.unknownTenant());
        chain.filter("primaryRegion", "inPrimaryRegion", true);
        chain.predicate("inPrimaryRegion", "dev.eventstream.connect.region.InPrimaryRegion", props);
    }

    private static void putIfSet(Map<String, String> props, String key, Object value) {
        if (value != null) {
            props.put(key, value.toString());
        }
    }
}
