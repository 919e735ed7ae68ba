package io.bulwark.oauth.dpop;

import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Stateless nonces: any instance with the same key accepts them, for a bounded time, and nothing else does. */
class DpopNoncesTest {

    private final MutableClock clock = MutableClock.atNow();
    private final SecretKeySpec key = new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(), "HmacSHA256");

    @Test
    void anotherNodeWithTheSameKeyAcceptsTheNonce() {
        String nonce = new DpopNonces(key, clock).current();
        assertThat(new DpopNonces(key, clock).accepts(nonce)).isTrue();
        assertThat(new DpopNonces(new SecretKeySpec("another key, another deployment".getBytes(), "HmacSHA256"), clock).accepts(nonce)).isFalse();
    }

    @Test
    void aNonceLivesAtLeastOneStepAndAtMostTwo() {
        DpopNonces nonces = new DpopNonces(key, clock);
        clock.advance(Duration.ofSeconds(DpopNonces.STEP.toSeconds() - clock.instant().getEpochSecond() % DpopNonces.STEP.toSeconds()));
        String nonce = nonces.current();
        clock.advance(DpopNonces.STEP.multipliedBy(2).minusSeconds(1));
        assertThat(nonces.accepts(nonce)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(nonces.accepts(nonce)).isFalse();
    }

    @Test
    void aNodeWhoseClockRunsAStepBehindAcceptsTheNonceOfOneAhead() {
        MutableClock ahead = new MutableClock(clock.instant().plus(DpopNonces.STEP));
        assertThat(new DpopNonces(key, clock).accepts(new DpopNonces(key, ahead).current())).isTrue();
        MutableClock farAhead = new MutableClock(clock.instant().plus(DpopNonces.STEP.multipliedBy(3)));
        assertThat(new DpopNonces(key, clock).accepts(new DpopNonces(key, farAhead).current())).isFalse();
    }

    @Test
    void aTamperedNonceIsRefused() {
        DpopNonces nonces = new DpopNonces(key, clock);
        String nonce = nonces.current();
        char last = nonce.charAt(nonce.length() - 1);
        assertThat(nonces.accepts(nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A'))).isFalse();
        assertThat(nonces.accepts(null)).isFalse();
        assertThat(nonces.accepts("")).isFalse();
        assertThat(nonces.accepts(nonce + "AA")).isFalse();
    }
}
