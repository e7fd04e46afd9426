package io.sluice.loadtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The criteria of a simulation that Gatling's assertions cannot express (they are computed from a
 * {@link Timeline} after the run), printed, written to {@code <simulation>-summary.txt}, and failing
 * the run when one does not hold.
 *
 * <p>Not thread-safe: used by the simulation's {@code after()} hook only.
 */
final class Verdict {

    private final String simulation;
    private final List<String> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    Verdict(String simulation) {
        this.simulation = simulation;
    }

    /** A measured figure, reported without judgement. */
    Verdict note(String format, Object... args) {
        lines.add("  " + String.format(Locale.ROOT, format, args));
        return this;
    }

    /** A criterion: {@code what} describes the expectation, {@code actual} the measured value. */
    Verdict check(boolean holds, String what, String actualFormat, Object... args) {
        String line = (holds ? "  OK    " : "  FAIL  ") + what + ": " + String.format(Locale.ROOT, actualFormat, args);
        lines.add(line);
        if (!holds) {
            failures.add(line.trim());
        }
        return this;
    }

    /**
     * Prints the summary and writes it next to the CSV files; throws when a criterion failed, which
     * makes Gatling (and so {@code mvn gatling:test}) exit with an error.
     */
    void finish() {
        StringBuilder text = new StringBuilder(simulation).append(" criteria (")
                .append(failures.isEmpty() ? "all hold" : failures.size() + " failed").append(")\n");
        lines.forEach(line -> text.append(line).append('\n'));
        Path file = Timeline.write(simulation + "-summary.txt", text.toString());
        System.out.println();
        System.out.print(text);
        System.out.println("  (written to " + file + ")");
        System.out.println();
        if (!failures.isEmpty()) {
            throw new AssertionError(simulation + ": " + String.join("; ", failures));
        }
    }
}
