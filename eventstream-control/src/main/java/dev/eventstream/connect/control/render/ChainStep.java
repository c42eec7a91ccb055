package dev.eventstream.connect.control.render;

/** One step of an endpoint's record chain: adds its transforms and predicates, or nothing when it has no work. */
interface ChainStep {

    void addTo(Chain chain, EndpointInputs inputs);
}
