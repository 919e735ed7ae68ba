package io.bulwark.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.bulwark.clients.RegisteredClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes a demo client's credentials file: the client's registration (id, auth method,
 * sender constraint, scopes, endpoints) and its private keys: the JWK it signs assertions with and
 * the JWK it signs DPoP proofs with, or for an mTLS client the paths of its certificate and key.
 * The files are owner-only, since they hold private keys.
 */
public final class DemoClientCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoClientCredentials() {
    }

    /**
     * A private_key_jwt client with DPoP-bound tokens: the keys in {@code file} if it exists, else new
     * ES256 keys, written there with the registration. Returns the assertion-signing key.
     */
    public static ECKey loadOrCreate(Path file, String clientId, Set<String> scopes, String issuer) {
        return loadOrCreate(file, clientId, scopes, issuer, List.of(), Set.of());
    }

    /** As above, for a client of the authorization-code flow, with its redirect URIs and RFC 9396 types. */
    public static ECKey loadOrCreate(Path file, String clientId, Set<String> scopes, String issuer, List<String> redirectUris,
                                     Set<String> authorizationDetailsTypes) {
        return loadOrCreate(file, clientId, scopes, issuer, redirectUris, authorizationDetailsTypes,
                RegisteredClient.defaultGrantTypes(redirectUris));
    }

    /** As above, registered for {@code grantTypes} (RFC 7591 §2). */
    public static ECKey loadOrCreate(Path file, String clientId, Set<String> scopes, String issuer, List<String> redirectUris,
                                     Set<String> authorizationDetailsTypes, Set<String> grantTypes) {
        ECKey key = Files.exists(file) ? privateKey(file) : newKey();
        ECKey dpopKey = Files.exists(file) && read(file).has("dpop_private_jwk") ? dpopKey(file) : newKey();
        ObjectNode node = registration(clientId, "private_key_jwt", scopes, issuer, redirectUris, authorizationDetailsTypes, grantTypes);
        // RFC 9449 §5.2: this client always uses DPoP, so its tokens are always DPoP-bound.
        node.put("dpop_bound_access_tokens", true);
        node.set("private_jwk", JSON.valueToTree(key.toJSONObject()));
        node.set("dpop_private_jwk", JSON.valueToTree(dpopKey.toJSONObject()));
        write(file, node);
        return key;
    }

    /**
     * A tls_client_auth client (RFC 8705 §2.1) with certificate-bound tokens (§3): its registration,
     * and the names of its certificate and key files, which lie beside {@code file}.
     */
    public static void writeTlsClient(Path file, String clientId, Set<String> scopes, String issuer, String subjectDn,
                                      Path certificate, Path privateKey) {
        writeTlsClient(file, clientId, scopes, issuer, subjectDn, certificate, privateKey, List.of(), Set.of(),
                RegisteredClient.defaultGrantTypes(List.of()));
    }

    /** As above, for a client of the authorization-code flow, with its redirect URIs, RFC 9396 types and grant types. */
    public static void writeTlsClient(Path file, String clientId, Set<String> scopes, String issuer, String subjectDn,
                                      Path certificate, Path privateKey, List<String> redirectUris,
                                      Set<String> authorizationDetailsTypes, Set<String> grantTypes) {
        ObjectNode node = registration(clientId, "tls_client_auth", scopes, issuer, redirectUris, authorizationDetailsTypes, grantTypes);
        node.put("tls_client_auth_subject_dn", subjectDn);
        node.put("tls_client_certificate_bound_access_tokens", true);
        node.put("certificate", file.getParent().relativize(certificate).toString());
        node.put("private_key", file.getParent().relativize(privateKey).toString());
        write(file, node);
    }

    private static ObjectNode registration(String clientId, String authMethod, Set<String> scopes, String issuer,
                                           List<String> redirectUris, Set<String> authorizationDetailsTypes, Set<String> grantTypes) {
        ObjectNode node = JSON.createObjectNode();
        node.put("client_id", clientId);
        node.put("token_endpoint_auth_method", authMethod);
        node.put("scope", String.join(" ", new TreeSet<>(scopes)));
        redirectUris.forEach(node.putArray("redirect_uris")::add);
        new TreeSet<>(authorizationDetailsTypes).forEach(node.putArray("authorization_details_types")::add);
        // RFC 7591 §2: the grants it may use; the authorization server refuses any other (unauthorized_client).
        new TreeSet<>(grantTypes).forEach(node.putArray("grant_types")::add);
        node.put("issuer", issuer);
        node.put("token_endpoint", issuer + "/token");
        node.put("pushed_authorization_request_endpoint", issuer + "/par");
        node.put("authorization_endpoint", issuer + "/authorize");
        return node;
    }

    /** The private JWK a credentials file holds, which signs its client assertions. */
    public static ECKey privateKey(Path file) {
        return ecKey(file, "private_jwk");
    }

    /** The private JWK that signs the client's DPoP proofs (RFC 9449). */
    public static ECKey dpopKey(Path file) {
        return ecKey(file, "dpop_private_jwk");
    }

    private static ECKey ecKey(Path file, String field) {
        JsonNode node = read(file);
        if (!node.has(field)) {
            throw new IllegalArgumentException(file + " has no " + field + ": is it the credentials of a DPoP client?");
        }
        try {
            JWK jwk = JWK.parse(JSON.writeValueAsString(node.path(field)));
            if (!(jwk instanceof ECKey ec) || !ec.isPrivate()) {
                throw new IllegalArgumentException(file + ": " + field + " must be a private EC key");
            }
            return ec;
        } catch (ParseException | IOException e) {
            throw new IllegalArgumentException(file + ": " + field + " is not a JWK (" + e.getMessage() + ")", e);
        }
    }

    /** A field of the credentials file, for example {@code client_id} or {@code token_endpoint}. */
    public static String field(Path file, String name) {
        JsonNode value = read(file).get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(file + ": missing the text field " + name);
        }
        return value.asText();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a client key", e);
        }
    }

    private static void write(Path file, ObjectNode node) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".client", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** For listings: the scopes of a file, split. */
    public static List<String> scopes(Path file) {
        return List.of(field(file, "scope").split(" "));
    }
}
