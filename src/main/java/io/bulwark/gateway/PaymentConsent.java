package io.bulwark.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.oauth.rar.AuthorizationDetailsParser;
import io.bulwark.oauth.rar.PaymentInitiation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a token's RFC 9396 {@code payment_initiation} details allow: each one payment the user
 * consented to. A token without such details carries {@link #NONE}.
 */
public record PaymentConsent(List<PaymentInitiation> payments) {

    /** The token carries no {@code payment_initiation} detail. */
    public static final PaymentConsent NONE = new PaymentConsent(List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    public PaymentConsent {
        payments = List.copyOf(payments);
    }

    /**
     * Reads the {@code authorization_details} claim (a list of JSON objects, as Nimbus parses it), each
     * {@code payment_initiation} detail with the authorization server's own strict parser.
     *
     * @throws IllegalArgumentException when a {@code payment_initiation} detail is malformed
     */
    public static PaymentConsent fromClaim(Object claim) {
        if (!(claim instanceof List<?> details)) {
            return NONE;
        }
        List<?> payments = details.stream()
                .filter(d -> d instanceof Map<?, ?> m && PaymentInitiation.TYPE.equals(m.get("type"))).toList();
        if (payments.isEmpty()) {
            return NONE;
        }
        try {
            // The same parser as at PAR, so the gateway reads amounts, currencies and IBANs exactly as the user consented to them.
            return new PaymentConsent(AuthorizationDetailsParser.parse(JSON.writeValueAsString(payments), Set.of(PaymentInitiation.TYPE))
                    .stream().map(PaymentInitiation.class::cast).toList());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("a payment_initiation detail is malformed", e);
        }
    }

    public boolean present() {
        return !payments.isEmpty();
    }
}
