package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.KafkaBroker;
import io.sluice.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded, time-bounded mutation fuzzer over the hostile-input corpus, against an in-process
 * gateway (request-timeout 1 s). Each mutant goes over its own connection (sometimes followed by a
 * half-close); the gateway must answer or close cleanly within request-timeout + slack, never
 * answer 500, never show internals; afterwards it must still serve a normal request, and the leak
 * check runs after the class.
 *
 * <pre>
 *   mvn -B -pl proxy verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dit.test=FuzzIT -Dsluice.fuzz.seconds=600 [-Dsluice.fuzz.seed=42]
 * </pre>
 * The normal build runs 20 s. A failing mutant is written to {@code target/fuzz-findings/}, and the
 * seed is printed, so that a run can be repeated.
 */
class FuzzIT {

    private static final long SECONDS = Long.getLong("sluice.fuzz.seconds", 20);
    private static final long SEED = Long.getLong("sluice.fuzz.seed", System.nanoTime());
    private static final int WORKERS = 10;
    /** request-timeout (1 s) + slack for a loaded machine. */
    private static final int FIRST_ANSWER_MILLIS = 4_000;
    /** After the first answer, further pipelined answers are read for this long. */
    private static final int MORE_ANSWERS_MILLIS = 100;

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        Faults.createTopicIfAbsent(KafkaBroker.shared(), "hostile-ok");
        String[] settings = HostileInputIT.GATEWAY.clone();
        settings[2] = "sluice.topics.allow = [\"hostile-ok\"]";
        gateway = TestGateway.start(KafkaBroker.shared().bootstrapServers(), settings);
        HostileInputIT.awaitServing(gateway, "hostile-ok");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void mutantsGetAnAnswerOrACleanCloseAndNever500() throws InterruptedException {
        List<byte[]> corpus = HostileInputIT.cases().filter(c -> !c.drip()).map(c -> c.bytes).collect(Collectors.toList());
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicLong mutants = new AtomicLong();
        AtomicLong slowestMillis = new AtomicLong();
        // At most one finding per worker: each stops once any finding is in.
        Queue<String> findings = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Random random = new Random(SEED + w);
            Mutator mutator = new Mutator(random, corpus);
            int worker = w;
            Thread thread = new Thread(() -> {
                long n = 0;
                while (System.nanoTime() - deadline < 0 && findings.isEmpty()) {
                    byte[] mutant = mutator.next();
                    // A client that sends nothing at all has made no request: only idle-timeout
                    // (60 s here) would end it. Sent empty, it half-closes, and must see a clean close.
                    boolean halfClose = mutant.length == 0 || random.nextInt(4) == 0;
                    long start = System.nanoTime();
                    String problem = play(mutant, halfClose, outcomes);
                    slowestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    mutants.incrementAndGet();
                    if (problem != null) {
                        findings.add(save(worker, n, mutant) + ": " + problem);
                    }
                    n++;
                }
            }, "fuzz-" + w);
            workers.add(thread);
            thread.start();
        }
        for (Thread thread : workers) {
            thread.join(SECONDS * 1000 + 60_000);
        }
        String summary = "seed=" + SEED + " seconds=" + SECONDS + " mutants=" + mutants.get() + " slowest-ms=" + slowestMillis.get()
                + " outcomes=" + new TreeMap<>(outcomes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())))
                + " findings=" + findings.size();
        Faults.record("fuzz", summary);
        assertThat(workers).as("workers finished").noneMatch(Thread::isAlive);
        assertThat(findings).as(summary).isEmpty();
        HttpResponse<String> ok = gateway.post("/topics/hostile-ok", "text/plain", "after fuzzing");
        assertThat(ok.statusCode()).as("still serving after %s mutants: %s", mutants.get(), ok.body()).isEqualTo(200);
    }

    /** Sends one mutant and returns what is wrong with the gateway's reaction, or null. */
    private static String play(byte[] mutant, boolean halfClose, Map<String, LongAdder> outcomes) {
        try (WireClient wire = new WireClient(gateway.port(), FIRST_ANSWER_MILLIS)) {
            wire.send(mutant);
            if (halfClose) {
                wire.halfClose();
            }
            // An answer to HEAD has no body; with HEAD anywhere in the mutant only the first answer
            // can be framed without parsing the requests, so only that one is read.
            boolean head = startsWith(mutant, "HEAD ");
            boolean onlyFirst = contains(mutant, "HEAD");
            int answers = 0;
            while (true) {
                WireClient.Answer answer;
                try {
                    answer = wire.read(head);
                } catch (WireClient.Hang e) {
                    if (answers == 0) {
                        return "neither an answer nor a close within " + FIRST_ANSWER_MILLIS + " ms";
                    }
                    return null; // keep-alive connection waiting for more: fine
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
                if (answer == null) {
                    count(outcomes, answers == 0 ? "closed" : "closed-after-answer");
                    return null;
                }
                answers++;
                count(outcomes, Integer.toString(answer.status));
                if (answer.status >= 500 && answer.status != 503 && answer.status != 505) {
                    return "answered " + answer;
                }
                try {
                    SafeAnswers.assertNoInternals("mutant", answer.body);
                } catch (AssertionError e) {
                    return e.getMessage();
                }
                if (onlyFirst) {
                    return null;
                }
                if (answers == 1) {
                    wire.readTimeout(MORE_ANSWERS_MILLIS);
                }
            }
        } catch (IOException e) {
            count(outcomes, "connect-failed");
            return "could not connect: " + e;
        }
    }

    private static boolean startsWith(byte[] data, String prefix) {
        return new String(data, 0, Math.min(data.length, prefix.length()), java.nio.charset.StandardCharsets.ISO_8859_1).equals(prefix);
    }

    private static boolean contains(byte[] data, String what) {
        return new String(data, java.nio.charset.StandardCharsets.ISO_8859_1).contains(what);
    }

    private static void count(Map<String, LongAdder> outcomes, String what) {
        outcomes.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    private static String save(int worker, long n, byte[] mutant) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
            Path file = dir.resolve(SEED + "-" + worker + "-" + n + ".http");
            Files.write(file, mutant);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
