package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.validate.Glob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoint's event selection: {@code Filter} + {@code FieldMatches} keeping the included event types (exact
 * values and glob patterns), then another dropping the excluded ones. No include list: every event type.
 */
final class EventSubscriptionStep implements ChainStep {

    private static final String FIELD_MATCHES = "dev.eventstream.connect.filter.FieldMatches";

    @Override
    public void addTo(Chain chain, EndpointInputs inputs) {
        List<String> include = inputs.endpoint().events().include();
        List<String> exclude = inputs.endpoint().events().exclude();
        if (!include.isEmpty()) {
            chain.filter("subscribed", "isSubscribed", true);
            chain.predicate("isSubscribed", FIELD_MATCHES, matches(inputs.eventTypePath(), include));
        }
        if (!exclude.isEmpty()) {
            chain.filter("unsubscribed", "isExcluded", false);
            chain.predicate("isExcluded", FIELD_MATCHES, matches(inputs.eventTypePath(), exclude));
        }
    }

    private static Map<String, String> matches(String field, List<String> names) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("field", field);
        List<String> values = Chain.sorted(names.stream().filter(n -> !Glob.isGlob(n)).toList());
        List<String> patterns = Chain.sorted(names.stream().filter(Glob::isGlob).toList());
        if (!values.isEmpty()) {
            props.put("values", String.join(",", values));
        }
        if (!patterns.isEmpty()) {
            props.put("patterns", String.join(",", patterns));
        }
        return props;
    }
}
