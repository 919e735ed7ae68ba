package io.bulwark.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.openapi.FieldShape;
import io.bulwark.gateway.openapi.MediaContract;
import io.bulwark.gateway.openapi.MediaTypes;
import io.bulwark.gateway.openapi.OperationContract;
import io.bulwark.gateway.openapi.ResponseContract;
import io.bulwark.gateway.openapi.SchemaViolation;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Checks an upstream's answer against the responses its operation declares: status, media type,
 * JSON and schema, with undeclared properties refused as in requests.
 */
public final class ResponseValidator {

    /**
     * The verdict on one response.
     *
     * @param breach what is wrong, for the operator's log (schema facts only, never values); null when it conforms
     * @param json   the parsed body when it is JSON with a schema, else null
     * @param shape  the shape of that body, else null
     */
    public record Verdict(String breach, JsonNode json, FieldShape shape) {

        static Verdict breach(String what) {
            return new Verdict(what, null, null);
        }

        public boolean conforms() {
            return breach == null;
        }
    }

    private static final Verdict CONFORMS_UNPARSED = new Verdict(null, null, null);

    private ResponseValidator() {
    }

    public static Verdict check(GatewayResponse response, OperationContract contract) {
        ResponseContract declared = contract.response(response.status());
        if (declared == null) {
            return Verdict.breach("status " + response.status() + " is not a declared response");
        }
        byte[] body = response.body();
        if (declared.media().isEmpty()) {
            return body.length == 0 ? CONFORMS_UNPARSED : Verdict.breach("a body where the contract declares none");
        }
        List<String> contentTypes = header(response.headers(), "Content-Type");
        String essence = contentTypes.size() == 1 ? MediaTypes.essence(contentTypes.getFirst()) : null;
        MediaContract media = MediaTypes.match(declared.media(), essence);
        if (media == null) {
            return Verdict.breach("Content-Type " + essence + " is not declared for status " + response.status());
        }
        if (!MediaContract.isJson(essence) || media.schema() == null) {
            return CONFORMS_UNPARSED;
        }
        JsonNode json;
        try {
            json = StrictJson.parse(body);
        } catch (IOException e) {
            return Verdict.breach("the body is not well-formed JSON with unique member names");
        }
        List<SchemaViolation> violations = media.schema().violations(json);
        if (!violations.isEmpty()) {
            SchemaViolation first = violations.getFirst();
            if (ViolationDetails.UNKNOWN_PROPERTY_KEYWORDS.contains(first.keyword()) && first.property() != null) {
                return Verdict.breach(SafeText.pointer(first.pointer() + "/" + first.property().replace("~", "~0").replace("/", "~1"))
                        + " is a property the contract does not declare");
            }
            return Verdict.breach(SafeText.pointer(first.pointer()) + " " + ViolationDetails.what(first)
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        String unknown = UnknownProperties.first(json, media.schema().shape());
        if (unknown != null) {
            return Verdict.breach(SafeText.pointer(unknown) + " is a property the contract does not declare");
        }
        return new Verdict(null, json, media.schema().shape());
    }

    private static List<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return List.of();
    }
}
