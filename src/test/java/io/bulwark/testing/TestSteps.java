package io.bulwark.testing;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.VerifiedAccessToken;

import java.util.Set;
import java.util.function.Function;

/** Stand-ins for pipeline steps in tests, declaring their phase and facts as real steps do. */
public final class TestSteps {

    private TestSteps() {
    }

    /** What a stand-in does with the exchange. */
    @FunctionalInterface
    public interface Body {
        GatewayResponse apply(Exchange exchange, Step.Chain chain);
    }

    /** A step in {@code phase} that sets {@code provides} (the body must set them) and needs nothing. */
    public static Step step(Phase phase, Set<Fact> provides, Body body) {
        return new Step() {
            @Override
            public GatewayResponse apply(Exchange exchange, Chain chain) {
                return body.apply(exchange, chain);
            }

            @Override
            public Phase phase() {
                return phase;
            }

            @Override
            public Set<Fact> provides() {
                return provides;
            }

            @Override
            public String name() {
                return "TestStep(" + phase + ")";
            }
        };
    }

    /** Stands in for {@code AccessTokenStep}: the exchange gets the token {@code token} makes of it. */
    public static Step token(Function<Exchange, VerifiedAccessToken> token) {
        return step(Phase.AUTHENTICATE, Set.of(Fact.ACCESS_TOKEN), (exchange, chain) -> {
            exchange.accessToken(token.apply(exchange));
            return chain.proceed(exchange);
        });
    }

    /** Stands in for {@code IdentityAssertionStep} with an assertion nobody verifies. */
    public static Step identityAsserted() {
        return step(Phase.ASSERT_IDENTITY, Set.of(Fact.IDENTITY_ASSERTION), (exchange, chain) -> {
            exchange.identityAssertion("test-assertion");
            return chain.proceed(exchange);
        });
    }

    /** A terminal step answering as {@code answer} says, in place of the upstream call. */
    public static Step upstream(Function<Exchange, GatewayResponse> answer) {
        return step(Phase.PROXY, Set.of(), (exchange, chain) -> answer.apply(exchange));
    }
}
