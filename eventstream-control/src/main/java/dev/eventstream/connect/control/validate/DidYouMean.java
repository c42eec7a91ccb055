package dev.eventstream.connect.control.validate;

import java.util.Collection;

/** "did you mean" suggestions: the closest candidate by edit distance, when it is close enough. */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** {@code ", or did you mean 'x'?"}, or the empty string when nothing is close. */
    public static String suggest(String input, Collection<String> candidates) {
        String best = closest(input, candidates);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** The candidate closest to {@code input}, or null when none is within a third of its length. */
    public static String closest(String input, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(input.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, input.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
