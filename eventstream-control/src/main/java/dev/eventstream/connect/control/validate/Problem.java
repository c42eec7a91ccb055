package dev.eventstream.connect.control.validate;

/**
 * One thing wrong with a configuration file: where (the file, relative to the configuration directory, and the
 * JSON pointer of the offending value), what, and how to fix it.
 */
public record Problem(String file, String pointer, String message, String fix) implements Comparable<Problem> {

    /** {@code endpoints/acme/crm.json /auth/clientSecret: <message>. Fix: <fix>} */
    @Override
    public String toString() {
        return file + " " + (pointer.isEmpty() ? "/" : pointer) + ": " + message + ". Fix: " + fix;
    }

    @Override
    public int compareTo(Problem other) {
        int byFile = file.compareTo(other.file);
        return byFile != 0 ? byFile : pointer.compareTo(other.pointer);
    }
}
