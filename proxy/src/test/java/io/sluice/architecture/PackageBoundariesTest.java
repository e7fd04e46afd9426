package io.sluice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package layout of DESIGN.md §5 true: each package imports only the Sluice packages and
 * third-party libraries it may, so the ring stays free of Netty and Kafka, nothing depends on the
 * server, and the config has no runtime dependencies. Reads the sources' import lines.
 */
class PackageBoundariesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/sluice");

    /** Allowed import prefixes beyond java.*, javax.*, org.slf4j.* and the package itself. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "config", List.of("com.typesafe.config."),
            "metrics", List.of("io.sluice.config.", "io.micrometer.", "org.HdrHistogram.", "ch.qos.logback."),
            "admission", List.of("io.sluice.config.", "io.sluice.metrics.", "io.netty.channel.", "io.netty.util.concurrent."),
            "ring", List.of("io.sluice.config.", "io.sluice.metrics.", "com.lmax.disruptor."),
            "kafka", List.of("io.sluice.ring.", "io.sluice.config.", "io.sluice.metrics.", "org.apache.kafka."),
            "http", List.of("io.sluice.admission.", "io.sluice.ring.", "io.sluice.metrics.", "io.sluice.config.",
                    "io.netty.", "com.fasterxml.jackson."),
            "server", List.of("io.sluice.", "io.netty.", "org.apache.kafka.", "io.micrometer.", "org.HdrHistogram.",
                    "sun.misc.Signal", "ch.qos.logback."));

    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)(\\.\\*)?;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(io\\.sluice\\.\\w+|io\\.netty|org\\.apache\\.kafka|com\\.lmax)\\.[\\w.]+");

    @Test
    void everyPackageImportsOnlyWhatItMay() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : ALLOWED.entrySet()) {
            String pkg = rule.getKey();
            try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    String text = Files.readString(file);
                    List<String> used = new ArrayList<>();
                    Matcher imports = IMPORT.matcher(text);
                    while (imports.find()) {
                        used.add(imports.group(2));
                    }
                    // Fully qualified names in code count too.
                    Matcher qualified = QUALIFIED.matcher(text.replaceAll("(?m)^(package|import) .*$", ""));
                    while (qualified.find()) {
                        used.add(qualified.group());
                    }
                    for (String name : used) {
                        if (!allowed(pkg, name, rule.getValue())) {
                            violations.add(pkg + "/" + file.getFileName() + " uses " + name);
                        }
                    }
                }
            }
        }
        assertThat(violations).as("imports outside each package's allowed set (DESIGN.md §5)").isEmpty();
    }

    @Test
    void nothingImportsTheServerPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(SOURCES.resolve("server")))
                    .forEach(f -> {
                        try {
                            if (Files.readString(f).contains("io.sluice.server.")) {
                                violations.add(f.toString());
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        assertThat(violations).isEmpty();
    }

    private static boolean allowed(String pkg, String name, List<String> prefixes) {
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("org.slf4j.")
                || name.startsWith("io.sluice." + pkg + ".")) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
