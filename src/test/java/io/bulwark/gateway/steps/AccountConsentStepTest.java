package io.bulwark.gateway.steps;

import io.bulwark.gateway.AccountConsent;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import io.bulwark.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9396 account_information details bound to the account in the request path. */
class AccountConsentStepTest {

    private GatewayResponse call(String path, AccountConsent consent) {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        TestOperations.operation("balances", "GET", "/accounts/{accountId}/balances", List.of(Set.of()), "accountId", "read_balances"),
                        TestOperations.operation("list", "GET", "/accounts", List.of(Set.of()))))),
                TestSteps.token(exchange -> TestTokens.token("alice", "app").grantId("g").accounts(consent).build()),
                new AccountConsentStep(),
                TestSteps.upstream(exchange -> new GatewayResponse(200, Map.of(), new byte[0], null, null))), RequestTracing.NONE);
        return pipeline.handle(new Exchange(new GatewayRequest("GET", path, null, Map.of(), null, "127.0.0.1", null)));
    }

    private static AccountConsent consent(List<String> accounts, List<String> actions) {
        return AccountConsent.fromClaim(List.of(Map.of("type", "account_information", "accounts", accounts, "actions", actions)));
    }

    @Test
    void onlyConsentedAccountsWithTheConsentedActionPass() {
        AccountConsent balancesOfA = consent(List.of("acc-a"), List.of("read_balances"));
        assertThat(call("/bank/v1/accounts/acc-a/balances", balancesOfA).status()).isEqualTo(200);
        GatewayResponse otherAccount = call("/bank/v1/accounts/acc-b/balances", balancesOfA);
        assertThat(otherAccount.status()).isEqualTo(403);
        assertThat(otherAccount.reason()).isEqualTo("account_not_consented");
        assertThat(call("/bank/v1/accounts/acc-a/balances", consent(List.of("acc-a"), List.of("read_transactions"))).status())
                .as("the account, but not the action").isEqualTo(403);
    }

    @Test
    void tokensWithoutAccountDetailsAndOperationsOnNoAccountAreLeftToOtherChecks() {
        assertThat(call("/bank/v1/accounts/acc-b/balances", AccountConsent.NONE).status()).isEqualTo(200);
        assertThat(call("/bank/v1/accounts", consent(List.of("acc-a"), List.of("list_accounts"))).status()).isEqualTo(200);
        AccountConsent paymentOnly = AccountConsent.fromClaim(List.of(Map.of("type", "payment_initiation")));
        assertThat(paymentOnly.present()).isFalse();
    }

    @Test
    void malformedDetailsAreRefusedWhenReadFromTheToken() {
        assertThatThrownBy(() -> AccountConsent.fromClaim(List.of(Map.of("type", "account_information", "accounts", "acc-a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
