package dev.eventstream.connect.control.render;

import java.util.List;

/**
 * The order an endpoint's records go through, in this one place (ARCHITECTURE.md): find the tenant and keep only
 * this endpoint's, keep them only while this region is the tenant's primary region, convert the value bytes to
 * Connect data (so other tenants' and regions' records are never parsed and never reach this endpoint's DLQ),
 * keep the subscribed event types, then remove PII. Where a topic keeps its tenant in the value, the connector's
 * value converter converts first and the conversion step adds nothing (see {@link ValueConverters}).
 */
final class EndpointChain {

    private static final List<ChainStep> STEPS = List.of(
        new TenantStep(),
        new PrimaryRegionStep(),
        new ConversionStep(),
        new EventSubscriptionStep(),
        new PiiStep());

    private EndpointChain() {
    }

    static void render(EndpointInputs inputs, ConfigBuilder config) {
        Chain chain = new Chain();
        STEPS.forEach(step -> step.addTo(chain, inputs));
        chain.writeTo(config);
    }
}
