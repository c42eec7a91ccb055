package dev.eventstream.connect.control.plan;

/** One config key that differs: added ({@code before} null), removed ({@code after} null) or changed. Values are display-safe. */
public record KeyDiff(String key, String before, String after) {

    static KeyDiff of(String key, String before, String after) {
        return new KeyDiff(key, SecretDisplay.show(key, before), SecretDisplay.show(key, after));
    }

    public char symbol() {
        return before == null ? '+' : after == null ? '-' : '~';
    }
}
