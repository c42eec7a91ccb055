package dev.eventstream.connect.common.sink;

/**
 * A configuration problem that single-key validation cannot see (it involves more than one key, or a key Connect
 * owns), reported against {@code key}.
 *
 * @param key     the key Connect's config validation shows the message next to
 * @param message the reason and the fix, naming the keys involved
 */
public record ConfigProblem(String key, String message) {
}
