package dev.eventstream.connect.control.validate;

/** Globs as FieldMatches reads them: {@code *} any run of characters, {@code ?} one character. */
public final class Glob {

    private Glob() {
    }

    public static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    public static boolean matches(String glob, String text) {
        return matches(glob, 0, text, 0);
    }

    private static boolean matches(String glob, int g, String text, int t) {
        while (g < glob.length()) {
            char c = glob.charAt(g);
            if (c == '*') {
                for (int k = t; k <= text.length(); k++) {
                    if (matches(glob, g + 1, text, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
                return false;
            }
            g++;
            t++;
        }
        return t == text.length();
    }
}
