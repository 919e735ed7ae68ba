package io.bulwark.config;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.TokenSettings;
import io.bulwark.http.VisibleText;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Reads {@code clients}: each client's unique id, name, authentication method, public keys or
 * certificate subject, sender constraint, allowed scopes, redirect URIs, RAR types
 * and refresh-token rotation.
 */
public final class ClientReader {

    private static final String PRIVATE_KEY_JWT = "private_key_jwt";
    private static final String TLS_CLIENT_AUTH = "tls_client_auth";
    private static final String SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth";
    /** FAPI 2.0 SP §5.3.2.1: private_key_jwt (RFC 7523) or mTLS (RFC 8705 §2), nothing else. */
    public static final List<String> AUTH_METHODS = List.of(PRIVATE_KEY_JWT, TLS_CLIENT_AUTH, SELF_SIGNED_TLS_CLIENT_AUTH);
    /** Methods with a shared secret, or none: refused by name, with the FAPI reason. */
    public static final Set<String> SECRET_METHODS = Set.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "none");
    /** What a client's tokens may be bound to; there is no unbound choice (FAPI 2.0 SP §5.3.2.1). */
    public static final List<String> SENDER_CONSTRAINTS = List.of("dpop", "mtls", ClientConfig.DPOP_OR_MTLS);
    /** RFC 6749 §2.2 allows any visible ASCII in a client id; spaces are refused as they break logs and forms. */
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern SCOPE = Pattern.compile("[a-z:_-]+");
    /** The RFC 9396 types Bulwark parses and enforces. */
    public static final List<String> KNOWN_DETAILS_TYPES = List.of("account_information", "payment_initiation");
    private static final List<String> KNOWN_SCOPES =
            List.of("accounts:read", "balances:read", "transactions:read", "payments:write", "payments:read", "products:read");
    /** The grant types a client may be registered for (RFC 7591 §2); no implicit or password grant exists here. */
    public static final List<String> GRANT_TYPES =
            List.of(RegisteredClient.CLIENT_CREDENTIALS, RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN);
    /** How to fix a refused grant-types list, shared by the config and the CLI. */
    public static final String GRANT_TYPES_FIX = "list `authorization_code` and `refresh_token` for an app acting for users (with its"
            + " redirect URIs), `client_credentials` for a machine client acting for itself; a user-facing app gets"
            + " client_credentials only if listed, since its tokens would then act for no user";
    /** How to write a client name that users can read, shared with the {@code bulwark clients} commands. */
    public static final String NAME_FIX = "write the name in visible characters only (letters, digits, punctuation, spaces): users read it"
            + " on the consent page, where a hidden or reordering character would disguise who is asking";
    private static final String EMPTY_JWKS = "{\"keys\":[]}";

    /** The longest client id: what {@code clients.client_id} holds, and what the CLI accepts too. */
    public static final int MAX_CLIENT_ID_LENGTH = 255;
    /** How to write a client id that {@link #clientIdProblem} accepts. */
    public static final String CLIENT_ID_FIX = "use 1 to " + MAX_CLIENT_ID_LENGTH + " visible ASCII characters without spaces (RFC 6749 §2.2)";

    /** What is wrong with {@code clientId} as a client id, or null when it is a valid one; the config and the CLI share it. */
    public static String clientIdProblem(String clientId) {
        if (clientId.length() > MAX_CLIENT_ID_LENGTH) {
            return "a client id of " + clientId.length() + " characters is too long";
        }
        return CLIENT_ID.matcher(clientId).matches() ? null : "`" + clientId + "` is not a valid client id";
    }

    private ClientReader() {
    }

    static List<ClientConfig> readAll(ConfigNode node) {
        return readAll(node, false);
    }

    /** @param tlsClientAuthCa whether {@code authorization-server.tls-client-auth-ca} is configured, which {@code tls_client_auth} needs */
    static List<ClientConfig> readAll(ConfigNode node, boolean tlsClientAuthCa) {
        if (node.isAbsent()) {
            return List.of();
        }
        UniqueValues ids = new UniqueValues("give each client its own client-id: it is how the authorization server tells them apart");
        List<ClientConfig> clients = new ArrayList<>();
        for (ConfigNode element : node.list()) {
            clients.add(read(element, ids, tlsClientAuthCa));
        }
        return clients;
    }

    private static ClientConfig read(ConfigNode node, UniqueValues ids, boolean tlsClientAuthCa) {
        node.map("client-id", "name", "auth-method", "jwks", "jwks-file", "scopes", "sender-constraint", "tls-client-auth-subject-dn",
                "redirect-uris", "authorization-details-types", "refresh-token-rotation", "jwks-uri", "access-token-lifetime", "grant-types");
        ConfigNode idNode = node.get("client-id").required("the OAuth client_id, for example `fintech-partner`");
        String clientId = idNode.text().strip();
        String problem = clientIdProblem(clientId);
        if (problem != null) {
            throw idNode.error(problem, CLIENT_ID_FIX);
        }
        ids.add(idNode, clientId);
        String name = node.get("name").isAbsent() ? clientId : name(node.get("name"));
        String authMethod = authMethod(node.get("auth-method"), tlsClientAuthCa);
        String subjectDn = subjectDn(node.get("tls-client-auth-subject-dn"), authMethod);
        URI jwksUri = jwksUri(node, authMethod);
        String jwks = jwksUri == null ? jwks(node, authMethod) : EMPTY_JWKS;
        Set<String> scopes = scopes(node.get("scopes")
                .required("the scopes it may be granted, for example `[accounts:read, balances:read]`"));
        List<String> redirectUris = RedirectUrisReader.read(node.get("redirect-uris"));
        return new ClientConfig(clientId, name, authMethod, jwks, scopes, senderConstraint(node.get("sender-constraint")), subjectDn,
                redirectUris, detailsTypes(node.get("authorization-details-types")),
                // FAPI 2.0 SP §5.3.2.1: no refresh-token rotation unless the operator opts this client in.
                !node.get("refresh-token-rotation").isAbsent() && node.get("refresh-token-rotation").bool(),
                jwksUri, Durations.read(node.get("access-token-lifetime"), null, TokenSettings.MIN_ACCESS_TOKEN_LIFETIME,
                        TokenSettings.MAX_ACCESS_TOKEN_LIFETIME, "it overrides authorization-server.access-token-lifetime for this"
                                + " client; FAPI 2.0 wants access tokens short-lived, and refresh tokens cover longer access"),
                grantTypes(node.get("grant-types"), redirectUris));
    }

    /** RFC 7591 §2 {@code grant_types}; absent, the default of {@link RegisteredClient#defaultGrantTypes}. */
    private static Set<String> grantTypes(ConfigNode node, List<String> redirectUris) {
        if (node.isAbsent()) {
            return RegisteredClient.defaultGrantTypes(redirectUris);
        }
        Set<String> types = new LinkedHashSet<>();
        for (ConfigNode element : node.list()) {
            String type = element.text().strip();
            if (!GRANT_TYPES.contains(type)) {
                throw element.error("`" + type + "` is not a grant type Bulwark serves", DidYouMean.fix(type, GRANT_TYPES));
            }
            types.add(type);
        }
        String problem = grantTypesProblem(types, redirectUris);
        if (problem != null) {
            throw node.error(problem, GRANT_TYPES_FIX);
        }
        return types;
    }

    /**
     * What is wrong with registering {@code grantTypes} beside {@code redirectUris}, or null: the rule config and the
     * {@code clients} command share (RFC 7591 §2: the code flow needs redirect URIs; refresh tokens come only from it).
     */
    public static String grantTypesProblem(Set<String> grantTypes, List<String> redirectUris) {
        if (grantTypes.isEmpty()) {
            return "is empty, so the client could get no token";
        }
        if (grantTypes.contains(RegisteredClient.AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            return "names authorization_code, but the client has no redirect URI to receive codes at";
        }
        if (grantTypes.contains(RegisteredClient.REFRESH_TOKEN) && !grantTypes.contains(RegisteredClient.AUTHORIZATION_CODE)) {
            return "names refresh_token without authorization_code, the only grant that issues refresh tokens";
        }
        return null;
    }

    /** The name users read on the consent and account pages: it must show as written (one rule, {@link VisibleText}). */
    private static String name(ConfigNode node) {
        String name = node.text().strip();
        String problem = VisibleText.problem(name);
        if (problem != null) {
            throw node.error("the client name " + problem, NAME_FIX);
        }
        return name;
    }

    /** RFC 7591 §2: keys by reference ({@code jwks_uri}) or by value ({@code jwks}), never both. */
    private static URI jwksUri(ConfigNode client, String authMethod) {
        ConfigNode node = client.get("jwks-uri");
        if (node.isAbsent()) {
            return null;
        }
        if (!client.get("jwks").isAbsent() || !client.get("jwks-file").isAbsent()) {
            throw node.error("cannot be combined with `jwks` or `jwks-file` (RFC 7591 §2)",
                    "keep one: `jwks-uri` when the client publishes its keys, or `jwks`/`jwks-file` to register them here");
        }
        if (!authMethod.equals(PRIVATE_KEY_JWT)) {
            throw node.error("applies only to `auth-method: " + PRIVATE_KEY_JWT + "` here",
                    "register the keys inline with `jwks` or `jwks-file`, or set `auth-method: " + PRIVATE_KEY_JWT + "`");
        }
        return HttpsUris.read(node, "write the https URL where the client publishes its public JWK Set, for example"
                + " https://partner.example.com/jwks.json");
    }

    private static Set<String> detailsTypes(ConfigNode node) {
        if (node.isAbsent()) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (ConfigNode element : node.list()) {
            String type = element.text().strip();
            if (!KNOWN_DETAILS_TYPES.contains(type)) {
                String hint = DidYouMean.closest(type, KNOWN_DETAILS_TYPES).map(known -> "did you mean `" + known + "`? ").orElse("");
                throw element.error("`" + type + "` is not an authorization details type Bulwark knows",
                        hint + "use " + String.join(" or ", KNOWN_DETAILS_TYPES) + " (RFC 9396)");
            }
            types.add(type);
        }
        return types;
    }

    private static String authMethod(ConfigNode node, boolean tlsClientAuthCa) {
        if (node.isAbsent()) {
            return PRIVATE_KEY_JWT;
        }
        String method = node.text().strip();
        if (SECRET_METHODS.contains(method)) {
            throw node.error("`" + method + "` is not supported: FAPI 2.0 (SP §5.3.2.1) accepts no client secret",
                    "use `auth-method: " + PRIVATE_KEY_JWT + "` (RFC 7523: the client signs an assertion with its private key, verified with"
                            + " `jwks` or `jwks-file`), `" + TLS_CLIENT_AUTH + "` or `" + SELF_SIGNED_TLS_CLIENT_AUTH
                            + "` (RFC 8705: the client's TLS certificate)");
        }
        if (!AUTH_METHODS.contains(method)) {
            throw node.error("`" + method + "` is not a client authentication method", DidYouMean.fix(method, AUTH_METHODS));
        }
        if (method.equals(TLS_CLIENT_AUTH) && !tlsClientAuthCa) {
            throw node.error("`" + TLS_CLIENT_AUTH + "` needs the CAs that issue client certificates",
                    "add `tls-client-auth-ca: <PEM bundle of those CAs>` under `authorization-server` (RFC 8705 §2.1), or use `"
                            + SELF_SIGNED_TLS_CLIENT_AUTH + "` with the client's certificate in its `jwks` (x5c)");
        }
        return method;
    }

    /** RFC 8705 §2.1.2: a tls_client_auth client names the subject DN its certificate carries, in RFC 4514 form. */
    private static String subjectDn(ConfigNode node, String authMethod) {
        if (!authMethod.equals(TLS_CLIENT_AUTH)) {
            if (!node.isAbsent()) {
                throw node.error("applies only to `auth-method: " + TLS_CLIENT_AUTH + "`",
                        "remove it, or set `auth-method: " + TLS_CLIENT_AUTH + "`");
            }
            return null;
        }
        String dn = node.required("the subject DN of the client's certificate in RFC 4514 form, for example `CN=fintech-partner, O=Fintech Ltd, C=GB`")
                .text().strip();
        try {
            new X500Principal(dn);
        } catch (IllegalArgumentException e) {
            throw node.error("`" + dn + "` is not a distinguished name",
                    "write it in RFC 4514 form, most specific part first, for example `CN=fintech-partner, O=Fintech Ltd, C=GB`"
                            + " (`openssl x509 -noout -subject -nameopt RFC2253 -in client.crt` prints it)");
        }
        return dn;
    }

    private static String jwks(ConfigNode client, String authMethod) {
        if (authMethod.equals(TLS_CLIENT_AUTH) && client.get("jwks").isAbsent() && client.get("jwks-file").isAbsent()) {
            return EMPTY_JWKS;
        }
        String jwks = JwksReader.read(client);
        if (authMethod.equals(SELF_SIGNED_TLS_CLIENT_AUTH) && !hasCertificate(jwks)) {
            ConfigNode where = client.get("jwks").isAbsent() ? client.get("jwks-file") : client.get("jwks");
            throw where.error("holds no certificate: `" + SELF_SIGNED_TLS_CLIENT_AUTH + "` compares the client's TLS certificate with"
                    + " the ones registered here (RFC 8705 §2.2)", "add the client's certificate to its key as `x5c` (base64 DER, RFC 7517 §4.7)");
        }
        return jwks;
    }

    /** Whether a key of {@code jwks} carries a certificate ({@code x5c}), as self_signed_tls_client_auth needs (RFC 8705 §2.2). */
    public static boolean hasCertificate(String jwks) {
        try {
            return JWKSet.parse(jwks).getKeys().stream().map(JWK::getX509CertChain).anyMatch(chain -> chain != null && !chain.isEmpty());
        } catch (ParseException e) {
            return false;
        }
    }

    private static String senderConstraint(ConfigNode node) {
        if (node.isAbsent()) {
            return ClientConfig.DPOP_OR_MTLS;
        }
        String constraint = node.text().strip();
        if (!SENDER_CONSTRAINTS.contains(constraint)) {
            String hint = constraint.equals("none") || constraint.equals("bearer")
                    ? "FAPI 2.0 (SP §5.3.2.1) issues only sender-constrained tokens, so there is no unbound choice; "
                    : DidYouMean.closest(constraint, SENDER_CONSTRAINTS).map(known -> "did you mean `" + known + "`? ").orElse("");
            throw node.error("`" + constraint + "` is not a sender constraint", hint
                    + "write `dpop` (RFC 9449 proofs), `mtls` (the client's TLS certificate, RFC 8705) or `dpop-or-mtls` (the default)");
        }
        return constraint;
    }

    private static Set<String> scopes(ConfigNode node) {
        List<ConfigNode> elements = node.list();
        if (elements.isEmpty()) {
            throw node.error("is empty",
                    "list at least one scope; a client with none could be granted nothing. Known: " + String.join(", ", KNOWN_SCOPES));
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (ConfigNode element : elements) {
            String scope = element.text().strip();
            if (!SCOPE.matcher(scope).matches()) {
                String hint = DidYouMean.closest(scope, KNOWN_SCOPES).map(known -> "did you mean `" + known + "`? ").orElse("");
                throw element.error("`" + scope + "` is not a valid scope",
                        hint + "a scope is lowercase letters, `:`, `_` and `-`; the demo API's are " + String.join(", ", KNOWN_SCOPES));
            }
            scopes.add(scope);
        }
        return scopes;
    }
}
