package io.bulwark.bench;

import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoPorts;
import io.bulwark.demo.traffic.Attack;
import io.bulwark.demo.traffic.DemoTraffic;
import io.bulwark.demo.traffic.GeneratedTraffic;
import io.bulwark.demo.traffic.LiveRun;
import io.bulwark.demo.traffic.LivePopulation;
import io.bulwark.demo.traffic.LiveTrafficDriver;
import io.bulwark.demo.traffic.Population;
import io.bulwark.demo.traffic.SentRequest;
import io.bulwark.demo.traffic.TrafficGenerator;
import io.bulwark.demo.traffic.TrafficJsonLines;
import io.bulwark.demo.traffic.TrafficSettings;
import io.bulwark.testing.FreePorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The anomaly benchmark (bench/anomaly-traffic.sh): starts a demo node in this process, subscribes to its security event
 * stream for {@code anomaly_detected}, drives it with the labelled traffic for real over HTTPS, waits for late alerts, and
 * reports per attack kind whether it was detected and how long after its first request, and the false alarms per
 * client-day of traffic. Writes the traffic as sent (JSON Lines, with its attack labels) and the report to
 * {@code target/anomaly-traffic/}, so the content detector can learn and score the same requests offline.
 *
 * <p>Options (system properties): {@code bench.days} (simulated days, default 2), {@code bench.speed} (times real time,
 * default 1440: a day a minute), {@code bench.rate} (requests a second at most, default 20), {@code bench.clients} (20),
 * {@code bench.seed} (1), {@code bench.grace} (seconds after an attack an alert on its actor still counts, 120) and
 * {@code bench.drain} (seconds to wait for alerts after the last request, 30).
 */
public final class AnomalyTrafficBenchmark {

    private AnomalyTrafficBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int days = Integer.getInteger("bench.days", 2);
        TrafficSettings settings = new TrafficSettings(Long.getLong("bench.seed", 1), Integer.getInteger("bench.clients", 20), 1, days,
                Double.parseDouble(System.getProperty("bench.speed", "1440")), Double.parseDouble(System.getProperty("bench.rate", "20")));
        Duration grace = Duration.ofSeconds(Long.getLong("bench.grace", 120));
        Duration drain = Duration.ofSeconds(Long.getLong("bench.drain", 30));
        Path out = Path.of("target/anomaly-traffic");
        Files.createDirectories(out);
        Path dataDir = Files.createTempDirectory("bulwark-anomaly-bench");

        // The per-address limit raised: every partner's servers are 127.0.0.1 here.
        try (Demo demo = Demo.start(dataDir, new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()), Clock.systemUTC(),
                1_000_000, 0);
             AlertStream alerts = AlertStream.subscribe(demo.node().managementPort(), demo.environment().caCertificate())) {
            Population population = LivePopulation.of(settings.seed(), demo.bankData(), settings.clients(), 4);
            GeneratedTraffic traffic = TrafficGenerator.generate(DemoTraffic.liveRound(settings, population, 0));
            System.out.printf(Locale.ROOT, "Anomaly traffic benchmark: %d partner clients, %d demo users, %d simulated days (%d requests, %d attacks) "
                            + "at %.0fx real time, at most %.0f requests a second%n", settings.clients(), population.users().size(), days,
                    traffic.requests().size(), traffic.attacks().size(), settings.speed(), settings.rate());
            LiveRun run;
            List<String> failures;
            try (LiveTrafficDriver driver = LiveTrafficDriver.prepare(demo, population)) {
                run = driver.run(traffic, settings.speed(), settings.rate(), (attack, at) -> System.out.printf("  %s %s %s started: %s%n", at,
                        attack.id(), attack.kind().label(), attack.actor()), () -> false);
                failures = driver.failures();
            }
            Thread.sleep(drain.toMillis());
            List<ObservedAlert> observed = alerts.alerts();
            double clientDays = settings.clients() * (double) days;
            AlertMatching.Result result = AlertMatching.match(run.attacks(), observed, clientDays, grace);

            List<String> report = new ArrayList<>();
            long sent = run.requests().stream().filter(SentRequest::sent).count();
            report.add(String.format(Locale.ROOT, "sent %d of %d requests (%d skipped: normal payments while their user waited for a TOTP step, and reads of payments never made; %d failed); statuses %s",
                    sent, run.requests().size(), run.requests().stream().filter(r -> r.outcome().equals("skipped")).count(),
                    run.requests().stream().filter(r -> r.outcome().equals("failed")).count(), run.statusCounts()));
            failures.forEach(f -> report.add("failed: " + f));
            alerts.problems().forEach(p -> report.add("stream: " + p));
            for (Attack attack : run.attacks()) {
                report.add(String.format(Locale.ROOT, "%-9s %-20s %s .. %s %5d requests  %s", attack.id(), attack.kind().label(), attack.start(),
                        attack.end(), attack.requestIds().size(), attack.actor()));
            }
            report.addAll(result.report());
            report.forEach(System.out::println);
            TrafficJsonLines.write(run, out.resolve("traffic.jsonl"), out.resolve("traffic.attacks.jsonl"));
            Files.write(out.resolve("report.txt"), report);
            System.out.println("Traffic as sent: " + out.resolve("traffic.jsonl") + " (labels: traffic.attacks.jsonl); report: " + out.resolve("report.txt"));
        }
    }
}
