package io.sluice.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One case of the hostile-input corpus: the raw bytes of {@code hostile/<name>.http} and the line
 * of {@code hostile/cases.tsv} that says what the gateway must answer. Immutable.
 */
final class HostileCase {

    static final String DIR = "hostile/";

    final String name;
    /** Expected answers in order; each a set of statuses, "-" standing for "closed without an answer". */
    final List<Set<String>> answers;
    /** Whether the gateway must close the connection after those answers. */
    final boolean close;
    final Set<String> mode;
    final String notes;
    final byte[] bytes;

    private HostileCase(String name, List<Set<String>> answers, boolean close, Set<String> mode, String notes, byte[] bytes) {
        this.name = name;
        this.answers = answers;
        this.close = close;
        this.mode = mode;
        this.notes = notes;
        this.bytes = bytes;
    }

    boolean drip() {
        return mode.contains("drip");
    }

    boolean halfClose() {
        return mode.contains("fin");
    }

    boolean headOnly() {
        return mode.contains("head");
    }

    String expectText() {
        StringBuilder text = new StringBuilder();
        for (Set<String> answer : answers) {
            text.append(text.length() == 0 ? "" : " ").append(String.join("|", answer));
        }
        return text + (close ? " close" : "");
    }

    @Override
    public String toString() {
        return name;
    }

    /** Every case of the manifest, in file order. */
    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        try (BufferedReader manifest = new BufferedReader(new InputStreamReader(open(DIR + "cases.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = manifest.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 4) {
                    throw new IllegalStateException("cases.tsv: " + line + " (expected: name, expect, mode, notes)");
                }
                List<Set<String>> answers = new ArrayList<>();
                boolean close = false;
                for (String token : fields[1].trim().split(" +")) {
                    if (token.equals("close")) {
                        close = true;
                    } else {
                        answers.add(Set.of(token.split("\\|")));
                    }
                }
                byte[] bytes;
                try (InputStream in = open(DIR + fields[0] + ".http")) {
                    bytes = in.readAllBytes();
                }
                cases.add(new HostileCase(fields[0], List.copyOf(answers), close, Set.of(fields[2].split(",")), fields[3], bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static InputStream open(String resource) {
        InputStream in = HostileCase.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("test resource " + resource + " not found");
        }
        return in;
    }
}
