package dev.eventstream.connect.tenant;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One per-topic rule: the topics it covers (by name, or by a regex matching the whole name) and how it finds
 * the tenant.
 *
 * @param name      the rule's name in {@code rules}
 * @param topics    exact topic names; empty when {@code regex} is used
 * @param regex     topic pattern, or null
 * @param extractor how the tenant is found
 */
public record TenantRule(String name, Set<String> topics, Pattern regex, TenantExtractor extractor) {

    public TenantRule {
        topics = Set.copyOf(topics);
    }

    /** Whether this rule covers {@code topic}. Compiled once; called once per topic (the result is cached). */
    public boolean covers(String topic) {
        return topics.contains(topic) || regex != null && regex.matcher(topic).matches();
    }
}
