package io.bulwark.gateway.steps;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.gateway.AccountConsent;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.contract.StrictJson;
import io.bulwark.gateway.openapi.ResponseOwnership;
import io.bulwark.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Wraps the proxy: a user token's answer carries only that user's objects. One object whose owner
 * ({@code x-bulwark-owner-field}) is not the token's {@code sub} is withheld as not found; a list
 * ({@code x-bulwark-owned-items}) loses the items of other owners, and the accounts the token's
 * {@code account_information} details do not grant. Machine tokens are left to the API.
 */
public final class ResponseOwnershipStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseOwnershipStep.class);
    // Another user's object is answered like a missing one: a 403 would confirm that it exists.
    static final Problem NOT_FOUND = Problem.of("object-not-found", "Not Found", 404,
            "no such object among those this token may see");

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        ResponseOwnership ownership = exchange.operation().operation().ownership();
        VerifiedAccessToken token = exchange.accessToken();
        if (!ownership.declared() || !token.actsForUser() && !token.accounts().present()) {
            return chain.proceed(exchange);
        }
        GatewayResponse response = chain.proceed(exchange);
        if (response.refused() || response.status() / 100 != 2) {
            return response;
        }
        JsonNode body;
        try {
            body = StrictJson.parse(response.body());
        } catch (IOException e) {
            return unverifiable(exchange, "the answer is not JSON");
        }
        return ownership.owner() != null ? oneObject(exchange, response, body.at(ownership.owner()))
                : list(exchange, response, body, ownership);
    }

    private static GatewayResponse oneObject(Exchange exchange, GatewayResponse response, JsonNode owner) {
        VerifiedAccessToken token = exchange.accessToken();
        if (!token.actsForUser()) {
            return response;
        }
        if (!owner.isTextual()) {
            return unverifiable(exchange, "the answer names no owner");
        }
        // OWASP API1:2023 (BOLA): the object must belong to the user the token acts for, whatever the API answered.
        if (!owner.asText().equals(token.subject())) {
            LOG.warn("withheld another owner's object from {} (client {}) on request {}", token.subject(), token.clientId(), exchange.requestId());
            return GatewayResponse.refuse(NOT_FOUND, "object_not_owned");
        }
        return response;
    }

    private static GatewayResponse list(Exchange exchange, GatewayResponse response, JsonNode body, ResponseOwnership ownership) {
        JsonNode items = body.at(ownership.items());
        if (!items.isArray()) {
            return unverifiable(exchange, "the answer has no list at " + ownership.items());
        }
        VerifiedAccessToken token = exchange.accessToken();
        AccountConsent consent = token.accounts();
        String action = exchange.operation().operation().accountAction();
        int foreign = 0;
        int unconsented = 0;
        for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
            JsonNode item = it.next();
            if (token.actsForUser() && ownership.itemOwner() != null && !token.subject().equals(textAt(item, ownership.itemOwner()))) {
                it.remove();
                foreign++;
            // RFC 9396 §2.2 and OWASP API3:2023: a list shows only the accounts the user consented to share.
            } else if (consent.present() && ownership.itemAccount() != null && !consented(consent, textAt(item, ownership.itemAccount()), action)) {
                it.remove();
                unconsented++;
            }
        }
        if (foreign == 0 && unconsented == 0) {
            return response;
        }
        if (foreign > 0) {
            LOG.warn("removed {} objects of other owners from the answer to {} (client {}) on request {}", foreign, token.subject(),
                    token.clientId(), exchange.requestId());
        }
        return response.withRewrittenBody(StrictJson.write(body), foreign > 0 ? "foreign_objects_removed" : null);
    }

    private static boolean consented(AccountConsent consent, String account, String action) {
        return account != null && consent.allows(account, action);
    }

    private static String textAt(JsonNode item, JsonPointer pointer) {
        JsonNode value = item.at(pointer);
        return value.isTextual() ? value.asText() : null;
    }

    /** Fail closed: an answer whose owner cannot be read is withheld like any other contract breach. */
    private static GatewayResponse unverifiable(Exchange exchange, String why) {
        LOG.warn("withheld the answer to request {}: its owner cannot be checked ({})", exchange.requestId(), why);
        return GatewayResponse.refuse(ResponseContractStep.INVALID_UPSTREAM_RESPONSE, "owner_unverifiable");
    }

    @Override
    public Phase phase() {
        return Phase.RESPONSE;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN);
    }
}
