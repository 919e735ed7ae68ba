package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;

import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Asks a benchmark target for one token before any round and checks that it is what the variant claims to measure:
 * status 200, the expected {@code token_type}, an ES256-signed JWT access token and its {@code cnf} binding
 * ({@code jkt} for DPoP, {@code x5t#S256} for a certificate), so no round ever measures refusals or unbound tokens.
 */
final class IssuedTokenCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuedTokenCheck() {
    }

    /**
     * Checks one answer of {@code target}; {@code cnfMember} and {@code cnfValue} are the binding the token must
     * carry, or null for a token that must carry none. Returns a one-line summary; throws if anything differs.
     */
    static String check(TokenLoad.Target target, String tokenType, String cnfMember, String cnfValue) throws Exception {
        HttpResponse<String> response = target.http().send(target.next().get(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target.name() + ": token request answered " + response.statusCode() + " " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        String type = body.path("token_type").asText();
        if (!tokenType.equalsIgnoreCase(type)) {
            throw new IllegalStateException(target.name() + ": token_type " + type + ", expected " + tokenType);
        }
        SignedJWT token = SignedJWT.parse(body.path("access_token").asText());
        String alg = token.getHeader().getAlgorithm().getName();
        if (!"ES256".equals(alg)) {
            throw new IllegalStateException(target.name() + ": access token signed " + alg + ", expected ES256");
        }
        Map<String, Object> cnf = token.getJWTClaimsSet().getJSONObjectClaim("cnf");
        boolean asExpected = cnfMember == null ? cnf == null : cnf != null && cnfValue.equals(cnf.get(cnfMember));
        if (!asExpected) {
            throw new IllegalStateException(target.name() + ": access token cnf " + cnf + ", expected "
                    + (cnfMember == null ? "none" : cnfMember + " " + cnfValue));
        }
        return String.format("%-48s 200, token_type %s, JWT %s typ %s, cnf %s", target.name(), type, alg, token.getHeader().getType(),
                cnfMember == null ? "none (bearer)" : cnfMember + " = the client's " + (cnfMember.equals("jkt") ? "DPoP key" : "certificate"));
    }
}
