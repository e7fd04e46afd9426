package io.sluice.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import java.util.stream.Collectors;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Session;

/**
 * A sequence of constant arrival rates (open model): the injection profile of a simulation and the
 * second at which each phase starts and ends, for judging per-phase criteria. Immutable.
 */
final class Phases {

    /** {@code fromRate} to {@code rate} linearly over {@code seconds}; constant when they are equal. */
    record Phase(String name, double fromRate, double rate, int seconds) {
    }

    private final List<Phase> phases;

    private Phases(List<Phase> phases) {
        this.phases = List.copyOf(phases);
    }

    static Phases of(Phase... phases) {
        return new Phases(List.of(phases));
    }

    static Phase phase(String name, double rate, int seconds) {
        return new Phase(name, rate, rate, seconds);
    }

    /**
     * A ramp from a tenth of {@code rate} to {@code rate}: starting an open-model run at full rate
     * on cold JVMs (client and gateway) makes the first answers slow, and the client then opens
     * thousands of connections at once.
     */
    static Phase ramp(double rate, int seconds) {
        return new Phase("ramp", rate / 10, rate, seconds);
    }

    List<OpenInjectionStep> injection() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        for (Phase p : phases) {
            if (p.seconds() > 0 && p.fromRate() != p.rate()) {
                steps.add(rampUsersPerSec(p.fromRate()).to(p.rate()).during(LoadConfig.duration(p.seconds())));
            } else if (p.seconds() > 0) {
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

    /**
     * The request name for a request sent at {@code second}: {@link Produce#WARM_UP} during the
     * ramp (and a phase named {@link Produce#WARM_UP}), {@link Produce#PRODUCE} after it.
     */
    String requestNameAt(int second) {
        int end = 0;
        for (Phase p : phases) {
            end += p.seconds();
            if (second < end) {
                return p.name().equals("ramp") || p.name().equals(Produce.WARM_UP) ? Produce.WARM_UP : Produce.PRODUCE;
            }
        }
        return Produce.PRODUCE;
    }

    /** Sets {@link Produce#NAME} in the session, from the time the request is sent. */
    Function<Session, Session> nameRequests(Timeline timeline) {
        return session -> session.set(Produce.NAME, requestNameAt(timeline.now()));
    }

    int totalSeconds() {
        return phases.stream().mapToInt(Phase::seconds).sum();
    }

    String describe() {
        return phases.stream()
                .map(p -> p.fromRate() == p.rate()
                        ? String.format(Locale.ROOT, "%s %.0f/s for %d s", p.name(), p.rate(), p.seconds())
                        : String.format(Locale.ROOT, "%s %.0f/s to %.0f/s over %d s", p.name(), p.fromRate(), p.rate(),
                                p.seconds()))
                .collect(Collectors.joining(", then "));
    }
}
