package io.bulwark.gateway.steps;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The RFC 6750 §2.1 b64token syntax the Authorization header's token must have. */
class B64TokenSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", "abc", "a-b._~+/9", "abc=", "abc==", "Z"})
    void acceptsB64Tokens(String token) {
        assertThat(AccessTokenStep.isB64Token(token)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "=", "==", "a=b", "a b", "a,b", "a\"b", "a%20b", "tok\u00e9n", "a\tb", "a\nb", "a;b", "=abc"})
    void refusesAnythingElse(String token) {
        assertThat(AccessTokenStep.isB64Token(token)).isFalse();
    }
}
