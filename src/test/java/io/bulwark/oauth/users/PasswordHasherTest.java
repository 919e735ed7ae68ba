package io.bulwark.oauth.users;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Argon2id hashes: per-hash salt, parameters in the encoding, and refusal of anything else. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void encodesArgon2idWithItsParametersAndAFreshSaltEachTime() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("same password");
        assertThat(first).isNotEqualTo(second);
        String salt = first.split("\\$")[4];
        assertThat(salt).isNotEqualTo(second.split("\\$")[4]).hasSize(22);
        assertThat(hasher.verify("same password", second)).isTrue();
    }

    @Test
    void aTamperedOrForeignHashNeverVerifies() {
        String hash = hasher.hash("pw");
        String[] parts = hash.split("\\$");
        String weakened = hash.replace("m=19456,t=2", "m=1024,t=2");
        String flipped = hash.substring(0, hash.length() - 2) + (hash.endsWith("A") ? "BB" : "AA");

        assertThat(hasher.verify("pw", weakened)).isFalse();
        assertThat(hasher.verify("pw", flipped)).isFalse();
        assertThat(hasher.verify("pw", "$argon2i$v=19$m=19456,t=2,p=1$" + parts[4] + "$" + parts[5])).isFalse();
        assertThat(hasher.verify("pw", "pw")).isFalse();
        assertThat(hasher.verify("pw", null)).isFalse();
    }

    /** An unknown user's check; that it costs what a known user's does is measured by bench/timing-side-channels.sh. */
    @Test
    void theDummyCheckNeverSucceeds() {
        for (String password : new String[] {"pw", "", "correct horse battery staple", hasher.hash("pw")}) {
            assertThat(hasher.verifyAgainstDummy(password)).as(password).isFalse();
        }
    }
}
