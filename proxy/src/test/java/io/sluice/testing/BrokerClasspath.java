package io.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the class path of the broker JVM.
 *
 * <p>Stateless and safe to call from any thread. Maven writes the dependency class path to a file
 * during {@code generate-test-resources}; the broker JVM gets that plus the location of this
 * package, which holds {@link BrokerMain}.
 */
final class BrokerClasspath {

    static final String FILE_PROPERTY = "sluicetest.broker.classpath.file";

    /** Tried in order when the property is absent: from the repository root, then from proxy/. */
    private static final List<String> DEFAULT_FILES =
            List.of("proxy/target/broker.classpath", "target/broker.classpath");

    private BrokerClasspath() {
    }

    /** Returns the class path string for {@code java -cp}. */
    static String resolve() {
        Path file = locateFile();
        String dependencies;
        try {
            dependencies = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the broker class path from " + file, e);
        }
        if (dependencies.isEmpty()) {
            throw new IllegalStateException("broker class path file " + file + " is empty "
                    + "(expected: the test class path written by maven-dependency-plugin)");
        }
        return ownLocation() + File.pathSeparator + dependencies;
    }

    private static Path locateFile() {
        String configured = System.getProperty(FILE_PROPERTY);
        if (configured != null) {
            Path file = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(FILE_PROPERTY + ": " + file
                        + " does not exist (expected: the file written by 'mvn generate-test-resources')");
            }
            return file;
        }
        for (String candidate : DEFAULT_FILES) {
            Path file = Path.of(candidate).toAbsolutePath();
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("no broker class path file: tried " + DEFAULT_FILES
                + " relative to " + Path.of("").toAbsolutePath()
                + " (expected: run 'mvn -pl proxy generate-test-resources' or set -D" + FILE_PROPERTY + ")");
    }

    private static Path ownLocation() {
        try {
            return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + BrokerMain.class.getName(), e);
        }
    }
}
