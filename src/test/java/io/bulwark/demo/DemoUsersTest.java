package io.bulwark.demo;

import io.bulwark.demo.bank.BankData;
import io.bulwark.demo.bank.Customer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo users: one per bank customer, credentials made once, kept owner-only, the same on every run. */
class DemoUsersTest {

    @TempDir
    Path dataDir;

    private final List<Customer> customers = BankData.generate(1L, LocalDate.of(2026, 3, 1)).customers();

    @Test
    void everyCustomerGetsAUserWithItsOwnStrongPasswordAndTotpSecret() throws Exception {
        List<DemoUser> users = DemoUsers.prepare(dataDir, customers);

        assertThat(users).extracting(DemoUser::username).containsExactly("alice", "bob");
        assertThat(users).extracting(DemoUser::subject).containsExactlyElementsOf(customers.stream().map(Customer::subject).toList());
        assertThat(users.get(0).password()).matches("([a-z2-9]{5}-){3}[a-z2-9]{5}").isNotEqualTo(users.get(1).password());
        assertThat(users.get(0).totpSecret()).matches("[A-Z2-7]{32}").isNotEqualTo(users.get(1).totpSecret());
        assertThat(users.get(0).otpauthUri()).startsWith("otpauth://totp/Bulwark%20Demo%20Bank:alice?secret=" + users.get(0).totpSecret());
        for (DemoUser user : users) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(user.file()))).isEqualTo("rw-------");
            assertThat(user.toString()).doesNotContain(user.password()).doesNotContain(user.totpSecret());
        }
    }

    @Test
    void theSameCredentialsComeBackOnTheNextRun() {
        List<DemoUser> first = DemoUsers.prepare(dataDir, customers);
        List<DemoUser> second = DemoUsers.prepare(dataDir, customers);

        assertThat(second).isEqualTo(first);
        assertThat(DemoUsers.totpSecret(dataDir, "bob")).isEqualTo(first.get(1).totpSecret());
    }

    @Test
    void anUnknownUserIsNamedInTheError() {
        assertThatThrownBy(() -> DemoUsers.totpSecret(dataDir, "mallory")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no demo user `mallory`").hasMessageContaining("run `bulwark demo`");
    }
}
