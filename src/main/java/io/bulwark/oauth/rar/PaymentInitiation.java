package io.bulwark.oauth.rar;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code payment_initiation}: one credit transfer of a fixed amount to a fixed creditor, as the
 * user saw it on the consent page.
 *
 * @param actions       {@code initiate}, {@code status}, {@code cancel}; at least one
 * @param amount        the instructed amount, positive, with no more decimals than the currency has
 * @param currency      ISO 4217 code
 * @param creditorIban  the payee's IBAN (ISO 13616, check digits verified)
 * @param creditorName  the payee's name as shown to the user
 * @param remittance    the unstructured remittance information, or null
 * @param debtorAccount the id of the user's account to pay from, or null when the client names none
 */
public record PaymentInitiation(List<String> actions, BigDecimal amount, String currency, String creditorIban,
                                String creditorName, String remittance, String debtorAccount) implements AuthorizationDetail {

    public static final String TYPE = "payment_initiation";

    /** The actions this type knows. */
    public static final List<String> ACTIONS = List.of("initiate", "status", "cancel");

    public PaymentInitiation {
        actions = List.copyOf(actions);
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(creditorIban, "creditorIban");
        Objects.requireNonNull(creditorName, "creditorName");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", TYPE);
        json.put("actions", actions);
        // RFC 9396 §A.3 writes the amount as a string, so that no JSON number rounding touches money.
        json.put("instructedAmount", Map.of("amount", amount.toPlainString(), "currency", currency));
        json.put("creditorName", creditorName);
        json.put("creditorAccount", Map.of("iban", creditorIban));
        if (remittance != null) {
            json.put("remittanceInformationUnstructured", remittance);
        }
        if (debtorAccount != null) {
            json.put("debtorAccount", Map.of("accountId", debtorAccount));
        }
        return json;
    }
}
