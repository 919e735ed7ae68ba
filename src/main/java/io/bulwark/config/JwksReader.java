package io.bulwark.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

/**
 * Reads a client's public keys, given either inline ({@code jwks}, a YAML map with {@code keys}) or in a file
 * ({@code jwks-file}): exactly one, a JWK Set (RFC 7517 §5) holding public keys only.
 */
final class JwksReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JwksReader() {
    }

    /** The JWK Set as JSON with public members only, read from {@code client}'s {@code jwks} or {@code jwks-file}. */
    static String read(ConfigNode client) {
        ConfigNode inline = client.get("jwks");
        ConfigNode file = client.get("jwks-file");
        if (!inline.isAbsent() && !file.isAbsent()) {
            throw client.error("has both `jwks` and `jwks-file`", "keep exactly one of them, so there is no doubt which keys are trusted");
        }
        if (inline.isAbsent() && file.isAbsent()) {
            throw client.error("has neither `jwks` nor `jwks-file`",
                    "add `jwks-file: clients/<client>.jwks.json` (or `jwks:` with a `keys` list):"
                            + " the public keys its private_key_jwt assertions are verified with");
        }
        return inline.isAbsent() ? fromFile(file) : fromInline(inline);
    }

    private static String fromInline(ConfigNode node) {
        node.map("keys");
        node.get("keys").required("a list of the client's public JWKs").list();
        try {
            return parse(node, JSON.writeValueAsString(node.raw()), "`jwks`");
        } catch (JsonProcessingException e) {
            throw node.error("cannot be read as JSON", "write `keys` as a list of JWK maps");
        }
    }

    private static String fromFile(ConfigNode node) {
        Path path = node.existingFile();
        try {
            return parse(node, Files.readString(path, StandardCharsets.UTF_8), "file " + path);
        } catch (IOException e) {
            throw node.error("file " + path + " cannot be read as UTF-8 text", "write the JWK Set as a JSON file");
        }
    }

    /** Parses with Nimbus, never by hand, and refuses any key {@link ClientKeyPolicy} refuses (private, weak, not for signing). */
    private static String parse(ConfigNode node, String json, String what) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw node.error(what + " is not a JWK Set: " + e.getMessage(),
                    "write a JSON object `{\"keys\": [ ...public JWKs... ]}` (RFC 7517 §5)");
        }
        List<JWK> keys = set.getKeys();
        if (keys.isEmpty()) {
            throw node.error(what + " holds no key Bulwark can use",
                    "add the client's public signing key (EC P-256, RSA 2048+ or Ed25519)");
        }
        for (int i = 0; i < keys.size(); i++) {
            ClientKeyPolicy.Refusal refusal = ClientKeyPolicy.check(keys.get(i));
            if (refusal != null) {
                throw node.error(what + ": " + ClientKeyPolicy.nameOf(keys.get(i), i) + " " + refusal.problem(), refusal.fix());
            }
        }
        return set.toString();
    }
}
