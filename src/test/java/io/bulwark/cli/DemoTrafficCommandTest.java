package io.bulwark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bulwark demo --traffic --traffic-out}: the labelled file written without a node, and bad options refused. */
class DemoTrafficCommandTest {

    @TempDir
    Path dir;


    private static AuditTamperContractTest.Run bulwark(String... args) {
        return AuditTamperContractTest.run(args);
    }

    @Test
    void theOfflineFileIsWrittenWithItsLabelsAndNoNodeStarts() throws Exception {
        Path file = dir.resolve("out/traffic.jsonl");
        AuditTamperContractTest.Run run = bulwark("demo", "--data-dir", dir.resolve("data").toString(), "--traffic", "--traffic-out", file.toString(),
                "--simulated-days", "2", "--traffic-clients", "5", "--traffic-users", "20", "--traffic-seed", "9");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Wrote ").contains("credential_stuffing").contains("content_injection");
        assertThat(Files.readAllLines(file)).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"id\":\"r-"));
        assertThat(Files.readAllLines(dir.resolve("out/traffic.attacks.jsonl"))).hasSize(9);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void badTrafficOptionsAreRefusedByName() {
        AuditTamperContractTest.Run withoutTraffic = bulwark("demo", "--traffic-out", dir.resolve("t.jsonl").toString());
        assertThat(withoutTraffic.exit()).isEqualTo(2);
        assertThat(withoutTraffic.err()).contains("--traffic-out writes traffic: add --traffic");
        AuditTamperContractTest.Run days = bulwark("demo", "--traffic", "--traffic-out", dir.resolve("t.jsonl").toString(), "--simulated-days", "0");
        assertThat(days.exit()).isEqualTo(2);
        assertThat(days.err()).contains("--simulated-days must be between 1 and 366");
        AuditTamperContractTest.Run clients = bulwark("demo", "--traffic", "--traffic-out", dir.resolve("t.jsonl").toString(), "--traffic-clients", "1");
        assertThat(clients.exit()).isEqualTo(2);
        assertThat(clients.err()).contains("--traffic-clients must be between 2 and 99");
        assertThat(dir.resolve("t.jsonl")).doesNotExist();
    }
}
