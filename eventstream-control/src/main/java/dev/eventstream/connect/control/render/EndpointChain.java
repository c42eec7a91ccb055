package dev.eventstream.connect.control.render;

import java.util.List;

/**
 * The order an endpoint's records go through, in this one place (ARCHITECTURE.md): find the tenant and keep only
 * this endpoint's, keep them only while this region is the tenant's primary region, keep the subscribed event
 * types, then remove PII. The value converter runs before all of them today; moving conversion after the tenant
 * router (issue 16) is one step inserted here.
 */
final class EndpointChain {

    private static final List<ChainStep> STEPS = List.of(
        new TenantStep(),
        new PrimaryRegionStep(),
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
