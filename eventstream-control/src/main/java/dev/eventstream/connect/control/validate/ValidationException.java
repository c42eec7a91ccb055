package dev.eventstream.connect.control.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@code ControlPlane.load} when the configuration directory has problems; lists them all. */
public class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.size() + " problem(s):\n" + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
