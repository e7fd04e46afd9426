package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.gatling.javaapi.core.OpenInjectionStep;

/**
 * A sequence of constant arrival rates (open model): the injection profile of a simulation and the
 * second at which each phase starts and ends, for judging per-phase criteria. Immutable.
 */
final class Phases {

    record Phase(String name, double rate, int seconds) {
    }

    private final List<Phase> phases;

    private Phases(List<Phase> phases) {
        this.phases = List.copyOf(phases);
    }

    static Phases of(Phase... phases) {
        return new Phases(List.of(phases));
    }

    static Phase phase(String name, double rate, int seconds) {
        return new Phase(name, rate, seconds);
    }

    List<OpenInjectionStep> injection() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        for (Phase p : phases) {
            if (p.seconds() > 0) {
                steps.add(constantUsersPerSec(p.rate()).during(LoadConfig.duration(p.seconds())));
            }
        }
        return steps;
    }

    int start(String name) {
        int second = 0;
        for (Phase p : phases) {
            if (p.name().equals(name)) {
                return second;
            }
            second += p.seconds();
        }
        throw new IllegalArgumentException("phase: " + name + " (expected one of " + describe() + ")");
    }

    int end(String name) {
        return start(name) + get(name).seconds();
    }

    Phase get(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("phase: " + name + " (expected one of " + describe() + ")"));
    }

    int totalSeconds() {
        return phases.stream().mapToInt(Phase::seconds).sum();
    }

    String describe() {
        return phases.stream()
                .map(p -> String.format(Locale.ROOT, "%s %.0f/s for %d s", p.name(), p.rate(), p.seconds()))
                .collect(Collectors.joining(", then "));
    }
}
