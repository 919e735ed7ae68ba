package io.bulwark.demo.traffic;

import io.bulwark.demo.Demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@code bulwark demo --traffic} does: write a labelled traffic file without a node, or drive a running demo round
 * after round until stopped, printing a line per injected attack.
 */
public final class DemoTraffic {

    private DemoTraffic() {
    }

    /** Generates the synthetic population's traffic and writes it and its attack labels; returns the scenario written. */
    public static GeneratedTraffic writeOffline(TrafficSettings settings, Path file, PrintStream out) {
        Population population = Population.synthetic(settings.seed(), settings.clients(), settings.users());
        GeneratedTraffic traffic = TrafficGenerator.generate(
                TrafficScenario.withAllAttacks(settings.seed(), population, TrafficScenario.DEFAULT_START, settings.days()));
        Path labels = TrafficJsonLines.labelsFileFor(file);
        TrafficJsonLines.write(traffic, file, labels);
        long attackRequests = traffic.requests().stream().filter(PlannedRequest::isAttack).count();
        out.printf("Wrote %d requests (%d clients, %d users, %d simulated days from %s; %d of them in %d attacks) to %s%n",
                traffic.requests().size(), settings.clients(), settings.users(), settings.days(), TrafficScenario.DEFAULT_START,
                attackRequests, traffic.attacks().size(), file);
        out.printf("Attack labels: %s%n", labels);
        for (Attack attack : traffic.attacks()) {
            out.printf("  %-9s %-20s %s .. %s  %4d requests  %s%n", attack.id(), attack.kind().label(), attack.start(), attack.end(),
                    attack.requestIds().size(), attack.actor());
        }
        return traffic;
    }

    /** The scenario of round {@code round} of a live run: a new seed, the next simulated period, every attack once. */
    public static TrafficScenario liveRound(TrafficSettings settings, Population population, int round) {
        return new TrafficScenario(settings.seed() + round, population,
                TrafficScenario.DEFAULT_START.plus(Duration.ofDays((long) settings.days() * round)), settings.days(),
                EnumSet.allOf(AttackKind.class), 1, settings.days() > 1 ? Math.max(1, settings.days() / 2) : 0);
    }

    /** Registers the clients and signs everyone in, then drives {@code demo} on a thread of its own until {@link Running#close()}. */
    public static Running startLive(Demo demo, TrafficSettings settings, PrintStream out) throws Exception {
        Population population = LivePopulation.of(settings.seed(), demo.bankData(), settings.clients(), 4);
        out.printf("Traffic: registering %d partner clients (%s01..) and signing in the demo users...%n", settings.clients(),
                LivePopulation.CLIENT_PREFIX);
        LiveTrafficDriver driver = LiveTrafficDriver.prepare(demo, population);
        AtomicBoolean stop = new AtomicBoolean();
        Thread thread = Thread.ofVirtual().name("bulwark-demo-traffic").start(() -> {
            for (int round = 0; !stop.get(); round++) {
                GeneratedTraffic traffic = TrafficGenerator.generate(liveRound(settings, population, round));
                out.printf("Traffic: round %d, %d requests over %d simulated days at %.0fx real time (at most %.0f a second)%n",
                        round + 1, traffic.requests().size(), settings.days(), settings.speed(), settings.rate());
                try {
                    LiveRun run = driver.run(traffic, settings.speed(), settings.rate(), (attack, at) -> out.printf(
                            "Traffic: %s attack %s (%s) started: %s, %d requests planned%n", at, attack.id(), attack.kind().label(),
                            attack.actor(), attack.requestIds().size()), stop::get);
                    out.printf("Traffic: round %d sent %d requests; statuses %s%n", round + 1, run.requests().size(), run.statusCounts());
                    driver.failures().forEach(failure -> out.println("Traffic: failed: " + failure));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return new Running(driver, thread, stop);
    }

    /** A live run in progress. */
    public static final class Running implements AutoCloseable {
        private final LiveTrafficDriver driver;
        private final Thread thread;
        private final AtomicBoolean stop;

        Running(LiveTrafficDriver driver, Thread thread, AtomicBoolean stop) {
            this.driver = driver;
            this.thread = thread;
            this.stop = stop;
        }

        /** Stops sending, waits up to 30 s for the requests in flight, and closes the connections. */
        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            driver.close();
        }
    }
}
