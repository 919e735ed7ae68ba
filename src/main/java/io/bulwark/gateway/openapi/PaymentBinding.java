package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a payment operation's JSON body holds the fields that must fit the token's RFC 9396
 * {@code payment_initiation} detail ({@code x-bulwark-payment-binding}). Amount, currency and creditor are
 * required; the reference and the debtor account may be null, and then a detail naming them cannot pay here.
 */
public record PaymentBinding(JsonPointer amount, JsonPointer currency, JsonPointer creditorIban, JsonPointer creditorName,
                             JsonPointer remittance, JsonPointer debtorAccount) {

    static final String EXTENSION = "x-bulwark-payment-binding";
    private static final List<String> FIELDS = List.of("instructedAmount.amount", "instructedAmount.currency",
            "creditorAccount.iban", "creditorName", "remittanceInformationUnstructured", "debtorAccount.accountId");
    /** What every consent page shows, so every binding must check it. */
    private static final int REQUIRED = 4;

    /**
     * The binding {@code operation} declares, or null; each pointer checked against its JSON request body schema.
     *
     * @throws InvalidOpenApiException naming the file and the place in it that is wrong
     */
    static PaymentBinding read(Path file, String where, JsonNode operation, String operationPointer, LocalRefs refs) {
        JsonNode binding = operation.get(EXTENSION);
        if (binding == null) {
            return null;
        }
        String at = where + "." + EXTENSION;
        if (!binding.isObject()) {
            throw new InvalidOpenApiException(file, at, "must map payment_initiation fields " + FIELDS + " to JSON Pointers into the request body");
        }
        JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
        if (schema.isMissingNode()) {
            throw new InvalidOpenApiException(file, at, "needs an application/json request body (inline, not a $ref'd requestBody) to bind");
        }
        LocalRefs.Located located = new LocalRefs.Located(schema, operationPointer + "/requestBody/content/application~1json/schema");
        for (Map.Entry<String, JsonNode> field : binding.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new InvalidOpenApiException(file, at + "." + field.getKey(), "is not a payment_initiation field; bind some of " + FIELDS);
            }
        }
        // Every consent shows the amount, currency and creditor, so a binding that could not check one of them would let
        // through a payment the user never saw; refused at load rather than at each payment.
        for (String required : FIELDS.subList(0, REQUIRED)) {
            if (!binding.has(required)) {
                throw new InvalidOpenApiException(file, at, "must bind " + required
                        + " (every consent shows the amount, currency, creditor account and creditor name)");
            }
        }
        JsonPointer[] pointers = new JsonPointer[FIELDS.size()];
        for (int i = 0; i < FIELDS.size(); i++) {
            JsonNode value = binding.get(FIELDS.get(i));
            pointers[i] = value == null ? null
                    : SchemaPointers.declared(file, at + "." + FIELDS.get(i), value, located, refs).pointer();
        }
        return new PaymentBinding(pointers[0], pointers[1], pointers[2], pointers[3], pointers[4], pointers[5]);
    }
}
