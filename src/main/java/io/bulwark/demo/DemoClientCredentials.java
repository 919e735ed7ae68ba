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
 * scopes, endpoints) and its private JWK. The file is owner-only, since it holds a private key.
 */
public final class DemoClientCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoClientCredentials() {
    }

    /** The private key in {@code file} if it exists, else a new ES256 key written there with the registration. */
    public static ECKey loadOrCreate(Path file, String clientId, Set<String> scopes, String issuer) {
        return loadOrCreate(file, clientId, scopes, issuer, List.of(), Set.of());
    }

    /** As above, for a client of the authorization-code flow, with its redirect URIs and RFC 9396 types. */
    public static ECKey loadOrCreate(Path file, String clientId, Set<String> scopes, String issuer, List<String> redirectUris,
                                     Set<String> authorizationDetailsTypes) {
        ECKey key = Files.exists(file) ? privateKey(file) : newKey();
        ObjectNode node = JSON.createObjectNode();
        node.put("client_id", clientId);
        node.put("token_endpoint_auth_method", "private_key_jwt");
        node.put("scope", String.join(" ", new TreeSet<>(scopes)));
        redirectUris.forEach(node.putArray("redirect_uris")::add);
        new TreeSet<>(authorizationDetailsTypes).forEach(node.putArray("authorization_details_types")::add);
        node.put("issuer", issuer);
        node.put("token_endpoint", issuer + "/token");
        node.put("pushed_authorization_request_endpoint", issuer + "/par");
        node.put("authorization_endpoint", issuer + "/authorize");
        node.set("private_jwk", JSON.valueToTree(key.toJSONObject()));
        write(file, node);
        return key;
    }

    /** The private JWK a credentials file holds. */
    public static ECKey privateKey(Path file) {
        JsonNode node = read(file);
        try {
            JWK jwk = JWK.parse(JSON.writeValueAsString(node.path("private_jwk")));
            if (!(jwk instanceof ECKey ec) || !ec.isPrivate()) {
                throw new IllegalArgumentException(file + ": private_jwk must be a private EC key");
            }
            return ec;
        } catch (ParseException | IOException e) {
            throw new IllegalArgumentException(file + ": private_jwk is not a JWK (" + e.getMessage() + ")", e);
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
