package io.bulwark.oauth.rar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.bulwark.http.VisibleText;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads the {@code authorization_details} parameter (RFC 9396 §2): a JSON array of objects of the
 * types in {@link #TYPES}. Strict by design: RFC 9396 §5 requires refusing unknown types, unknown
 * fields, wrong field types, invalid values and missing required fields.
 */
public final class AuthorizationDetailsParser {

    /** Every type Bulwark understands. */
    public static final Set<String> TYPES = Set.of(AccountInformation.TYPE, PaymentInitiation.TYPE);

    static final int MAX_DETAILS = 10;
    static final int MAX_ACCOUNTS = 50;
    /** ISO 20022 limits: a party name is at most 70 characters, unstructured remittance 140. */
    static final int MAX_NAME = 70;
    static final int MAX_REMITTANCE = 140;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("type", "actions", "accounts");
    private static final Set<String> PAYMENT_FIELDS = Set.of("type", "actions", "instructedAmount", "creditorName",
            "creditorAccount", "remittanceInformationUnstructured", "debtorAccount");

    private AuthorizationDetailsParser() {
    }

    /**
     * Parses and validates {@code json}.
     *
     * @param allowedTypes the types this client is registered for; any other type is refused
     * @throws InvalidAuthorizationDetailsException naming what is wrong
     */
    public static List<AuthorizationDetail> parse(String json, Set<String> allowedTypes) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input back; say only what the client needs.
            throw invalid("authorization_details is not valid JSON (or repeats a member name)");
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw invalid("authorization_details must be a non-empty JSON array of objects (RFC 9396 §2)");
        }
        if (root.size() > MAX_DETAILS) {
            throw invalid("authorization_details holds more than " + MAX_DETAILS + " objects");
        }
        List<AuthorizationDetail> details = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            details.add(detail(root.get(i), "authorization_details[" + i + "]", allowedTypes));
        }
        return List.copyOf(details);
    }

    private static AuthorizationDetail detail(JsonNode node, String at, Set<String> allowedTypes) {
        if (!node.isObject()) {
            throw invalid(at + " must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw invalid(at + ".type is required and must be a string (RFC 9396 §2)");
        }
        // RFC 9396 §5: an unknown type, or one the client may not use, is refused.
        if (!TYPES.contains(type.asText())) {
            throw invalid(at + ".type `" + printable(type.asText()) + "` is not supported; supported: " + sorted(TYPES));
        }
        if (!allowedTypes.contains(type.asText())) {
            throw invalid(at + ".type `" + type.asText() + "` is not registered for this client");
        }
        return switch (type.asText()) {
            case AccountInformation.TYPE -> accountInformation(node, at);
            case PaymentInitiation.TYPE -> paymentInitiation(node, at);
            default -> throw new IllegalStateException("type list and switch disagree");
        };
    }

    private static AccountInformation accountInformation(JsonNode node, String at) {
        onlyFields(node, at, ACCOUNT_FIELDS);
        JsonNode actionsNode = node.get("actions");
        if (actionsNode == null) {
            throw invalid(at + ".actions is required: one or more of " + AccountInformation.ACTIONS);
        }
        List<String> actions = stringSet(actionsNode, at + ".actions", AccountInformation.ACTIONS::contains,
                "one or more of " + AccountInformation.ACTIONS, AccountInformation.ACTIONS.size());
        List<String> accounts = List.of();
        JsonNode accountsNode = node.get("accounts");
        if (accountsNode != null) {
            accounts = stringSet(accountsNode, at + ".accounts", id -> ACCOUNT_ID.matcher(id).matches(),
                    "account ids (letters, digits, `.`, `_`, `~`, `-`, at most 64 characters); omit it to let the user choose",
                    MAX_ACCOUNTS);
        }
        return new AccountInformation(actions, accounts);
    }

    private static PaymentInitiation paymentInitiation(JsonNode node, String at) {
        onlyFields(node, at, PAYMENT_FIELDS);
        List<String> actions = List.of("initiate");
        if (node.has("actions")) {
            actions = stringSet(node.get("actions"), at + ".actions", PaymentInitiation.ACTIONS::contains,
                    "one or more of " + PaymentInitiation.ACTIONS, PaymentInitiation.ACTIONS.size());
        }

        JsonNode instructed = requiredObject(node, "instructedAmount", at, Set.of("amount", "currency"));
        String currency = requiredText(instructed, "currency", at + ".instructedAmount");
        Currency iso = currency(currency, at + ".instructedAmount.currency");
        String amountText = requiredText(instructed, "amount", at + ".instructedAmount");
        if (!AMOUNT.matcher(amountText).matches()) {
            throw invalid(at + ".instructedAmount.amount must be a decimal string such as \"123.50\"");
        }
        BigDecimal amount = new BigDecimal(amountText);
        if (amount.signum() <= 0) {
            throw invalid(at + ".instructedAmount.amount must be greater than zero");
        }
        if (amount.stripTrailingZeros().scale() > iso.getDefaultFractionDigits()) {
            throw invalid(at + ".instructedAmount.amount has more decimals than " + currency + " allows ("
                    + iso.getDefaultFractionDigits() + ")");
        }

        JsonNode creditorAccount = requiredObject(node, "creditorAccount", at, Set.of("iban"));
        String iban = requiredText(creditorAccount, "iban", at + ".creditorAccount");
        if (!Ibans.isValid(iban)) {
            throw invalid(at + ".creditorAccount.iban is not a valid IBAN (electronic format: capitals, no spaces, "
                    + "correct check digits)");
        }
        String creditorName = boundedText(requiredText(node, "creditorName", at), at + ".creditorName", MAX_NAME);
        String remittance = null;
        if (node.has("remittanceInformationUnstructured")) {
            remittance = boundedText(requiredText(node, "remittanceInformationUnstructured", at),
                    at + ".remittanceInformationUnstructured", MAX_REMITTANCE);
        }
        String debtor = null;
        if (node.has("debtorAccount")) {
            JsonNode debtorAccount = requiredObject(node, "debtorAccount", at, Set.of("accountId"));
            debtor = requiredText(debtorAccount, "accountId", at + ".debtorAccount");
            if (!ACCOUNT_ID.matcher(debtor).matches()) {
                throw invalid(at + ".debtorAccount.accountId must be an account id (letters, digits, `.`, `_`, `~`, `-`, "
                        + "at most 64 characters)");
            }
        }
        return new PaymentInitiation(actions, amount, currency, iban, creditorName, remittance, debtor);
    }

    private static void onlyFields(JsonNode node, String at, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            // RFC 9396 §5: an object of a known type with an unknown field is refused, not ignored.
            if (!known.contains(name)) {
                throw invalid(at + " has the unknown field `" + printable(name) + "`; allowed: " + sorted(known));
            }
        }
    }

    private static List<String> stringSet(JsonNode node, String at, Predicate<String> valid, String expected, int max) {
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(at + " must be a non-empty array: " + expected);
        }
        if (node.size() > max) {
            throw invalid(at + " holds more than " + max + " entries");
        }
        Set<String> seen = new HashSet<>();
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual() || !valid.test(element.asText())) {
                throw invalid(at + " must hold only " + expected);
            }
            if (!seen.add(element.asText())) {
                throw invalid(at + " repeats `" + element.asText() + "`");
            }
            values.add(element.asText());
        }
        return List.copyOf(values);
    }

    private static JsonNode requiredObject(JsonNode node, String name, String at, Set<String> fields) {
        JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw invalid(at + "." + name + " is required and must be an object with " + sorted(fields));
        }
        onlyFields(value, at + "." + name, fields);
        return value;
    }

    private static String requiredText(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(at + "." + name + " is required and must be a non-empty string");
        }
        return value.asText();
    }

    private static String boundedText(String value, String at, int max) {
        if (value.length() > max) {
            throw invalid(at + " is longer than " + max + " characters");
        }
        // RFC 9396 §5: an invalid value is invalid_authorization_details. The consent page shows this text, so it must
        // show as written: no bidirectional override, zero-width or control character to disguise the payee or reference.
        String problem = VisibleText.problem(value);
        if (problem != null) {
            throw invalid(at + " " + problem);
        }
        return value;
    }

    private static Currency currency(String code, String at) {
        if (CURRENCY.matcher(code).matches()) {
            try {
                Currency currency = Currency.getInstance(code);
                if (currency.getDefaultFractionDigits() >= 0) {
                    return currency;
                }
            } catch (IllegalArgumentException e) {
                // Falls through to the refusal below.
            }
        }
        throw invalid(at + " must be an ISO 4217 currency code such as EUR");
    }

    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static InvalidAuthorizationDetailsException invalid(String message) {
        return new InvalidAuthorizationDetailsException(message);
    }
}
