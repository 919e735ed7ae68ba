package io.bulwark.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.openapi.BodyContract;
import io.bulwark.gateway.openapi.MatchedOperation;
import io.bulwark.gateway.openapi.MediaContract;
import io.bulwark.gateway.openapi.MediaTypes;
import io.bulwark.gateway.openapi.OperationContract;
import io.bulwark.gateway.openapi.ParameterContract.Location;
import io.bulwark.gateway.openapi.ParameterContract;
import io.bulwark.gateway.openapi.SchemaViolation;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a request against its operation's contract: path, query and header parameters, then the
 * body's media type, its JSON and its schema. The first violation found is the answer.
 */
public final class RequestValidator {

    private RequestValidator() {
    }

    /** The first way {@code request} breaks {@code contract}, or empty when it keeps it. */
    public static Optional<ContractViolation> check(GatewayRequest request, MatchedOperation matched, OperationContract contract) {
        ContractViolation violation = pathParameters(matched.pathParameters(), contract);
        if (violation == null) {
            violation = queryParameters(request.rawQuery(), contract);
        }
        if (violation == null) {
            violation = headerParameters(request, contract);
        }
        if (violation == null) {
            violation = body(request, contract.body());
        }
        return Optional.ofNullable(violation);
    }

    private static ContractViolation pathParameters(Map<String, String> raw, OperationContract contract) {
        for (ParameterContract parameter : contract.parameters(Location.PATH)) {
            String value = PercentDecoding.decode(raw.getOrDefault(parameter.name(), ""), false);
            String subject = "path parameter '" + parameter.name() + "'";
            if (value == null) {
                return ContractViolation.invalidParameter(subject + " is not well-formed percent-encoded UTF-8");
            }
            ContractViolation violation = validate(parameter, List.of(value), subject);
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    private static ContractViolation queryParameters(String rawQuery, OperationContract contract) {
        Map<String, List<String>> query = QueryString.parse(rawQuery);
        if (query == null) {
            return ContractViolation.invalidParameter("the query string is not well-formed percent-encoded UTF-8");
        }
        List<ParameterContract> declared = contract.parameters(Location.QUERY);
        Set<String> names = new HashSet<>();
        declared.forEach(parameter -> names.add(parameter.name()));
        for (String name : query.keySet()) {
            if (!names.contains(name)) {
                return ContractViolation.unknownParameter("the query parameter " + SafeText.name(name)
                        + " is not declared by this operation; send only the parameters its contract lists");
            }
        }
        for (ParameterContract parameter : declared) {
            List<String> values = query.get(parameter.name());
            String subject = "query parameter '" + parameter.name() + "'";
            if (values == null) {
                if (parameter.required()) {
                    return ContractViolation.invalidParameter(subject + " is required");
                }
                continue;
            }
            // The same name twice is read differently by different servers (HTTP parameter pollution).
            if (values.size() > 1 && !(parameter.array() && parameter.explode())) {
                return ContractViolation.invalidParameter(subject + " must be sent once");
            }
            ContractViolation violation = validate(parameter, values, subject);
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    private static ContractViolation headerParameters(GatewayRequest request, OperationContract contract) {
        for (ParameterContract parameter : contract.parameters(Location.HEADER)) {
            List<String> values = request.headers(parameter.name());
            String subject = "header '" + parameter.name() + "'";
            if (values.isEmpty()) {
                if (parameter.required()) {
                    return ContractViolation.invalidParameter(subject + " is required");
                }
                continue;
            }
            if (values.size() > 1 && !parameter.array()) {
                return ContractViolation.invalidParameter(subject + " must be sent once");
            }
            // RFC 9110 §5.3: repeated field lines mean the same as one line joined with commas.
            ContractViolation violation = validate(parameter, List.of(String.join(",", values)), subject);
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    private static ContractViolation validate(ParameterContract parameter, List<String> values, String subject) {
        List<SchemaViolation> violations = parameter.schema().violations(ParameterValues.of(parameter, values));
        return violations.isEmpty() ? null : ContractViolation.invalidParameter(ViolationDetails.describe(subject, violations));
    }

    private static ContractViolation body(GatewayRequest request, BodyContract contract) {
        byte[] body = request.body();
        if (contract == null) {
            return body.length == 0 ? null : ContractViolation.invalidBody("this operation takes no request body");
        }
        if (body.length == 0) {
            return contract.required() ? ContractViolation.invalidBody("this operation requires a request body") : null;
        }
        String accepted = String.join(", ", contract.media().keySet());
        List<String> contentTypes = request.headers("Content-Type");
        if (contentTypes.size() != 1) {
            return ContractViolation.unsupportedMediaType("send exactly one Content-Type; this operation accepts " + accepted);
        }
        String essence = MediaTypes.essence(contentTypes.getFirst());
        MediaContract media = MediaTypes.match(contract.media(), essence);
        if (media == null) {
            return ContractViolation.unsupportedMediaType("this operation accepts " + accepted);
        }
        if (!MediaContract.isJson(essence) || media.schema() == null) {
            return null;
        }
        String charset = MediaTypes.charset(contentTypes.getFirst());
        // RFC 8259 §8.1: JSON text exchanged between systems MUST be encoded using UTF-8.
        if (charset != null && !charset.equals("utf-8")) {
            return ContractViolation.unsupportedMediaType("JSON must be sent as UTF-8 (RFC 8259 §8.1)");
        }
        JsonNode json;
        try {
            json = StrictJson.parse(body);
        } catch (IOException e) {
            return ContractViolation.invalidBody("the request body is not well-formed JSON (RFC 8259) with unique member names");
        }
        List<SchemaViolation> violations = media.schema().violations(json);
        if (!violations.isEmpty()) {
            SchemaViolation first = violations.getFirst();
            if (ViolationDetails.UNKNOWN_PROPERTY_KEYWORDS.contains(first.keyword())) {
                String property = first.property() == null ? "" : "/" + first.property().replace("~", "~0").replace("/", "~1");
                return unknownProperty(first.pointer() + property);
            }
            return ContractViolation.invalidBody(ViolationDetails.describe("body " + SafeText.pointer(first.pointer()), violations));
        }
        String unknown = UnknownProperties.first(json, media.schema().shape());
        return unknown == null ? null : unknownProperty(unknown);
    }

    private static ContractViolation unknownProperty(String pointer) {
        return ContractViolation.unknownProperty("body " + SafeText.pointer(pointer)
                + " is not a property this operation accepts; send only the properties its contract declares");
    }
}
