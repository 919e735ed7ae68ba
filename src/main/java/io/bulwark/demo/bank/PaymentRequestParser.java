package io.bulwark.demo.bank;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code POST /payments} body into a {@link PaymentOrder}, refusing anything the schema
 * {@code PaymentRequest} in {@code bank-openapi.yaml} does not allow. Details name the field at fault but
 * never echo what was sent.
 */
final class PaymentRequestParser {

    /** Positive or zero, at most two decimals, no sign, exponent or leading zeros; zero is refused separately. */
    static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** SEPA credit transfers allow 70 characters for a name and 140 for unstructured remittance information. */
    static final int MAX_NAME_LENGTH = 70;
    static final int MAX_REMITTANCE_LENGTH = 140;

    // Duplicate keys are refused: two parsers that pick different duplicates disagree on what was ordered.
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PaymentRequestParser() {
    }

    /**
     * The payment order in {@code body}.
     *
     * @throws ProblemException 400 when the body is not a valid payment request
     */
    static PaymentOrder parse(byte[] body) {
        JsonNode root = read(body);
        allowOnly(root, "The request body", Set.of(
                "debtorAccount", "instructedAmount", "creditorAccount", "creditorName", "remittanceInformation"));

        JsonNode debtor = requiredObject(root, "debtorAccount", Set.of("accountId"));
        String accountId = requiredText(debtor, "accountId", "debtorAccount.accountId");
        if (!BankIds.isAccountId(accountId)) {
            throw invalid("debtorAccount.accountId must be 24 lower-case hexadecimal digits.");
        }

        JsonNode instructed = requiredObject(root, "instructedAmount", Set.of("amount", "currency"));
        BigDecimal amount = amount(requiredText(instructed, "amount", "instructedAmount.amount"));
        String currency = currency(requiredText(instructed, "currency", "instructedAmount.currency"));

        JsonNode creditor = requiredObject(root, "creditorAccount", Set.of("iban"));
        String iban = requiredText(creditor, "iban", "creditorAccount.iban");
        if (!Iban.isValid(iban)) {
            throw invalid("creditorAccount.iban must be an IBAN in electronic format (no spaces) with valid check digits.");
        }

        String creditorName = freeText(requiredText(root, "creditorName", "creditorName"), "creditorName", MAX_NAME_LENGTH);
        String remittance = root.has("remittanceInformation")
                ? freeText(requiredText(root, "remittanceInformation", "remittanceInformation"), "remittanceInformation", MAX_REMITTANCE_LENGTH)
                : null;
        return new PaymentOrder(accountId, new Money(amount, currency), iban, creditorName, remittance);
    }

    private static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("The request body must be a payment request in JSON.");
        }
        try {
            JsonNode root = STRICT_JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw invalid("The request body must be a JSON object.");
            }
            return root;
        } catch (JacksonException e) {
            throw invalid("The request body is not well-formed JSON, or repeats a property.");
        } catch (IOException e) {
            throw invalid("The request body could not be read as JSON.");
        }
    }

    private static JsonNode requiredObject(JsonNode parent, String name, Set<String> allowed) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            throw invalid(name + " is required and must be an object.");
        }
        allowOnly(node, name, allowed);
        return node;
    }

    private static String requiredText(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isTextual()) {
            throw invalid(path + " is required and must be a string.");
        }
        return node.textValue();
    }

    private static void allowOnly(JsonNode object, String what, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (!allowed.contains(names.next())) {
                throw invalid(what + " has a property that is not allowed; allowed are " + String.join(", ",
                        allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    private static BigDecimal amount(String text) {
        if (!AMOUNT.matcher(text).matches()) {
            throw invalid("instructedAmount.amount must be a positive decimal string with at most two decimals, such as \"12.50\".");
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.signum() <= 0) {
            throw invalid("instructedAmount.amount must be greater than zero.");
        }
        return amount;
    }

    private static String currency(String code) {
        boolean known = CURRENCY.matcher(code).matches()
                && Currency.getAvailableCurrencies().stream().anyMatch(c -> c.getCurrencyCode().equals(code));
        if (!known) {
            throw invalid("instructedAmount.currency must be an ISO 4217 currency code in upper case, such as \"EUR\".");
        }
        return code;
    }

    private static String freeText(String text, String path, int maxLength) {
        int length = text.codePointCount(0, text.length());
        if (text.isBlank() || length > maxLength || text.chars().anyMatch(Character::isISOControl)) {
            throw invalid(path + " must be 1 to " + maxLength + " characters, not blank, without control characters.");
        }
        return text;
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.invalidRequest(detail);
    }
}
