package io.bulwark.demo.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** How the traffic's requests look on the wire: paths, queries, headers and payment bodies, as the demo bank takes them. */
final class RequestShapes {

    /** Where a real token goes; the files never hold one. */
    static final String TOKEN_PLACEHOLDER = "DPoP [access token]";
    static final String PROOF_PLACEHOLDER = "[DPoP proof]";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestShapes() {
    }

    /** A gateway request of {@code client} (for {@code subject}, or itself when null) from its own servers. */
    static PlannedRequest call(RandomGenerator random, Instant time, ClientProfile client, String subject, BankOperation operation,
                               String pathAfterBase, String body, int status, String attackId) {
        return call(random, time, client, subject, client.egressAddress(), client.userAgent(), operation, operation.method(),
                pathAfterBase, body, status, attackId);
    }

    /** As above from {@code source} with {@code userAgent}, and any method (probes use others). */
    static PlannedRequest call(RandomGenerator random, Instant time, ClientProfile client, String subject, String source,
                               String userAgent, BankOperation operation, String method, String pathAfterBase, String body, int status,
                               String attackId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Authorization", TOKEN_PLACEHOLDER);
        headers.put("DPoP", PROOF_PLACEHOLDER);
        headers.put("User-Agent", userAgent);
        headers.put("x-fapi-interaction-id", uuid(random));
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return new PlannedRequest(null, time, client.clientId(), subject, source, operation, method,
                BankOperation.BASE_PATH + pathAfterBase, headers, body, status, attackId);
    }

    /** A sign-in form post at the authorization server, from a browser at {@code source}. */
    static PlannedRequest signIn(Instant time, String clientId, String source, String userAgent, String username, String password,
                                 int status, String attackId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/html");
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("User-Agent", userAgent);
        String body = "csrf=%5Bcsrf%5D&username=" + form(username) + "&password=" + form(password);
        return new PlannedRequest(null, time, clientId, null, source, null, "POST", "/authorize/login", headers, body, status, attackId);
    }

    static String accountPath(BankAccountRef account) {
        return "/accounts/" + account.accountId();
    }

    static String transactionsPath(BankAccountRef account, int page, int pageSize, String fromBookingDate) {
        return "/accounts/" + account.accountId() + "/transactions?" + (fromBookingDate == null ? "" : "fromBookingDate=" + fromBookingDate + "&")
                + "page=" + page + "&pageSize=" + pageSize;
    }

    /** A payment body in the schema's property order (PaymentRequest). */
    static String paymentBody(BankAccountRef debtor, String amount, String creditorIban, String creditorName, String reference) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("debtorAccount").put("accountId", debtor.accountId());
        body.putObject("instructedAmount").put("amount", amount).put("currency", debtor.currency());
        body.putObject("creditorAccount").put("iban", creditorIban);
        body.put("creditorName", creditorName);
        if (reference != null) {
            body.put("remittanceInformation", reference);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a payment body could not be written", e);
        }
    }

    /** An amount in {@code [minCents, maxCents]}, log-uniform (small payments are more common), as the schema writes it. */
    static String amount(RandomGenerator random, long minCents, long maxCents) {
        double log = Math.log(minCents) + random.nextDouble() * (Math.log(maxCents) - Math.log(minCents));
        long cents = Math.max(1, Math.round(Math.exp(log)));
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }

    /** A UUID from the traffic's own random stream, so the files are the same for a seed. */
    static String uuid(RandomGenerator random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private static String form(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
