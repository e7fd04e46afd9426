package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One operating-system process of a broker JVM, and the signals tests send it.
 *
 * <p>Not thread-safe: {@link KafkaBroker} serialises every call. The process writes its stdout and
 * stderr to a log file, never to the test's console.
 */
final class BrokerProcess {

    private static final Duration SIGNAL_EFFECT_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final Path logFile;

    private BrokerProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    static BrokerProcess launch(List<String> command, Path workDir, Path logFile) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
            // Kafka never reads stdin; closing it keeps the pipe from lingering.
            process.getOutputStream().close();
            return new BrokerProcess(process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch " + command.get(0) + " in " + workDir, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit status; only meaningful once {@link #isAlive()} is false. */
    int exitValue() {
        return process.exitValue();
    }

    /** Returns the exit status once the process has exited. */
    int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** SIGKILL, then wait until the kernel has reaped the process. */
    void kill(Duration timeout) {
        process.destroyForcibly();
        awaitDeath(timeout, "SIGKILL");
    }

    /**
     * SIGTERM (after SIGCONT, since a stopped process would never act on it), then wait. A broker
     * that ignores it is killed so nothing outlives the test, and the caller hears about it.
     */
    void terminate(Duration timeout) {
        if (isStopped()) {
            signal("CONT");
        }
        process.destroy();
        if (!waitFor(timeout)) {
            process.destroyForcibly();
            awaitDeath(timeout, "SIGKILL after an ignored SIGTERM");
            throw new IllegalStateException("Kafka broker pid " + pid() + " did not exit within "
                    + timeout.toSeconds() + " s of SIGTERM (expected: a clean shutdown); killed it. "
                    + "Last lines of " + logFile + ":\n" + LogTail.of(logFile, 40));
        }
    }

    /** SIGSTOP: the JVM freezes, the kernel keeps its sockets open and unanswered. */
    void pause() {
        signal("STOP");
        awaitStopped(true);
    }

    /** SIGCONT. */
    void resume() {
        signal("CONT");
        awaitStopped(false);
    }

    /** Whether the process is stopped by a signal; false where /proc cannot tell. */
    boolean isStopped() {
        Path stat = Path.of("/proc", Long.toString(pid()), "stat");
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            // The command name in parentheses may contain spaces; the state follows the last ')'.
            char state = line.charAt(line.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private void signal(String name) {
        if (!isAlive()) {
            throw new IllegalStateException("Kafka broker pid " + pid() + " is not running (expected: a live "
                    + "process to send SIG" + name + " to)");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = kill.waitFor();
            if (status != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " exited with status " + status
                        + " (expected: 0): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill -" + name + " " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name + " to " + pid(), e);
        }
    }

    /** Signals are delivered asynchronously; wait until /proc shows the effect (where it can). */
    private void awaitStopped(boolean stopped) {
        if (!Files.isDirectory(Path.of("/proc", Long.toString(pid())))) {
            return;
        }
        long deadline = System.nanoTime() + SIGNAL_EFFECT_TIMEOUT.toNanos();
        while (isStopped() != stopped) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Kafka broker pid " + pid() + " stopped=" + isStopped()
                        + " after " + SIGNAL_EFFECT_TIMEOUT.toSeconds() + " s (expected: stopped=" + stopped + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void awaitDeath(Duration timeout, String what) {
        if (!waitFor(timeout)) {
            throw new IllegalStateException("Kafka broker pid " + pid() + " still alive " + timeout.toSeconds()
                    + " s after " + what + " (expected: dead)");
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka broker pid " + pid() + " to exit", e);
        }
    }
}
