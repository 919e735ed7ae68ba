package io.bulwark.cli;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.config.ClientReader;
import io.bulwark.config.Durations;
import io.bulwark.config.HttpsUris;
import io.bulwark.config.RedirectUrisReader;
import io.bulwark.http.VisibleText;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import javax.security.auth.x500.X500Principal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registration options shared by {@code clients create} and {@code clients update}: each one given replaces that part of
 * the client, and the result is checked by the rules {@code bulwark.yaml} clients follow (the same checks, not copies).
 */
final class ClientOptions {

    @Option(names = "--name", description = "A human name shown to users and operators (default: the client_id).")
    String name;

    @Option(names = "--auth-method", description = "private_key_jwt (default, RFC 7523), tls_client_auth or "
            + "self_signed_tls_client_auth (RFC 8705 §2). Client secrets are refused (FAPI 2.0 SP §5.3.2.1).")
    String authMethod;

    @Option(names = "--jwks-file", description = "The client's public JWK Set (RFC 7517 JSON), registered inline.")
    Path jwksFile;

    @Option(names = "--jwks-uri", description = "An https URL where the client publishes its public JWK Set (RFC 7591 §2), instead of --jwks-file.")
    String jwksUri;

    @Option(names = "--tls-client-auth-subject-dn", description = "For tls_client_auth: the subject DN of its certificate (RFC 4514).")
    String subjectDn;

    @Option(names = "--sender-constraint", description = "dpop, mtls or dpop-or-mtls (default): what its tokens are bound to.")
    String senderConstraint;

    @Option(names = "--redirect-uri", description = "A redirect URI for the code flow: absolute https, matched exactly. Repeat for "
            + "several (replaces the list).")
    List<String> redirectUris;

    @Option(names = "--authorization-details-types", split = ",", description = "RFC 9396 types it may ask for, comma-separated: "
            + "account_information, payment_initiation (replaces the list).")
    List<String> detailsTypes;

    @Option(names = "--grant-types", split = ",", description = "Grant types it may use, comma-separated (RFC 7591 §2): "
            + "authorization_code, refresh_token, client_credentials (replaces the list). Default at create: authorization_code,"
            + "refresh_token with --redirect-uri, else client_credentials; an app acting for users gets client_credentials only if listed.")
    List<String> grantTypes;

    @Option(names = "--access-token-lifetime", description = "Its access tokens' lifetime, 1m to 1h (such as 10m), or `default` for "
            + "the server's authorization-server.access-token-lifetime.")
    String accessTokenLifetime;

    @Option(names = "--refresh-token-rotation", arity = "0..1", fallbackValue = "true", description = "true or false: rotate its "
            + "refresh tokens (each use returns a new one; a spent one presented again revokes the grant). Off by default (FAPI 2.0 SP §5.3.2.1).")
    Boolean refreshTokenRotation;

    /**
     * {@code base} with every option given applied, checked as a whole.
     *
     * @param creating whether {@code base} is a new client, which must then be given keys as its method needs
     * @throws ParameterException naming the option and the fix (exit code 2)
     */
    RegisteredClient applyTo(CommandSpec spec, RegisteredClient base, boolean creating) {
        String method = authMethod == null ? base.authMethod() : authMethod(spec);
        if (jwksFile != null && jwksUri != null) {
            throw error(spec, "--jwks-uri", "give either --jwks-file or --jwks-uri, not both: the keys live in one place");
        }
        String jwks = base.jwksJson();
        URI uri = base.jwksUri();
        if (jwksFile != null) {
            jwks = readJwks(spec);
            uri = null;
        } else if (jwksUri != null) {
            String problem = HttpsUris.problem(jwksUri);
            if (problem != null) {
                throw error(spec, "--jwks-uri", problem + "; give the https URL where the client publishes its public keys,"
                        + " for example https://partner.example.com/jwks.json");
            }
            jwks = ClientsCommand.EMPTY_JWKS;
            uri = URI.create(jwksUri);
        }
        boolean hasKeys = uri != null || !ClientsCommand.EMPTY_JWKS.equals(jwks);
        if (!method.equals(RegisteredClient.TLS_CLIENT_AUTH) && !hasKeys && (creating || authMethod != null)) {
            throw error(spec, "--jwks-file", method + " needs the client's public keys: give --jwks-file or --jwks-uri");
        }
        if (!method.equals(RegisteredClient.PRIVATE_KEY_JWT) && uri != null) {
            throw error(spec, "--jwks-uri", "applies to private_key_jwt only: register " + method + " keys with --jwks-file");
        }
        if (method.equals(RegisteredClient.SELF_SIGNED_TLS_CLIENT_AUTH) && uri == null && !ClientReader.hasCertificate(jwks)) {
            throw error(spec, "--jwks-file", "self_signed_tls_client_auth compares the client's certificate with those registered"
                    + " (RFC 8705 §2.2): add it to its key as x5c");
        }
        String dn = subjectDn(spec, method, base);
        List<String> uris = redirectUris == null ? base.redirectUris() : redirectUris(spec);
        return new RegisteredClient(base.clientId(), name == null ? base.name() : name(spec), method, jwks, uri, base.scopes(),
                base.disabled(), base.createdAt(), senderConstraint == null ? base.senderConstraint() : senderConstraint(spec), dn,
                uris, detailsTypes == null ? base.authorizationDetailsTypes() : detailsTypes(spec), tokenSettings(spec, base.tokenSettings()),
                grantTypes(spec, base, uris, creating));
    }

    /** The given grant types, else a new client's default (by its redirect URIs) or the registered ones, checked as the config's. */
    private Set<String> grantTypes(CommandSpec spec, RegisteredClient base, List<String> uris, boolean creating) {
        Set<String> types;
        if (grantTypes != null) {
            types = new LinkedHashSet<>();
            for (String type : grantTypes) {
                if (!ClientReader.GRANT_TYPES.contains(type.strip())) {
                    throw error(spec, "--grant-types", "`" + type + "` is not a grant type Bulwark serves; use "
                            + String.join(", ", ClientReader.GRANT_TYPES));
                }
                types.add(type.strip());
            }
        } else {
            types = creating ? RegisteredClient.defaultGrantTypes(uris) : base.grantTypes();
        }
        String problem = ClientReader.grantTypesProblem(types, uris);
        if (problem != null) {
            throw error(spec, "--grant-types", "the list " + problem + "; " + ClientReader.GRANT_TYPES_FIX);
        }
        return types;
    }

    /** The same rule as a {@code bulwark.yaml} client's name ({@link VisibleText}): users read it on the consent page. */
    private String name(CommandSpec spec) {
        String problem = VisibleText.problem(name.strip());
        if (problem != null) {
            throw error(spec, "--name", "the client name " + problem + "; " + ClientReader.NAME_FIX);
        }
        return name.strip();
    }

    private String authMethod(CommandSpec spec) {
        if (ClientReader.SECRET_METHODS.contains(authMethod)) {
            throw error(spec, "--auth-method", "`" + authMethod + "` is not supported: FAPI 2.0 (SP §5.3.2.1) accepts no client secret;"
                    + " use private_key_jwt (with --jwks-file or --jwks-uri), tls_client_auth or self_signed_tls_client_auth");
        }
        if (!ClientReader.AUTH_METHODS.contains(authMethod)) {
            throw error(spec, "--auth-method", "`" + authMethod + "` is not a client authentication method; use one of "
                    + String.join(", ", ClientReader.AUTH_METHODS));
        }
        return authMethod;
    }

    /** RFC 8705 §2.1.2: tls_client_auth names its certificate's subject DN; no other method has one. */
    private String subjectDn(CommandSpec spec, String method, RegisteredClient base) {
        if (!method.equals(RegisteredClient.TLS_CLIENT_AUTH)) {
            if (subjectDn != null) {
                throw error(spec, "--tls-client-auth-subject-dn", "applies only to --auth-method tls_client_auth: leave it out");
            }
            return null;
        }
        String dn = subjectDn == null ? base.tlsClientAuthSubjectDn() : subjectDn.strip();
        if (dn == null || dn.isBlank()) {
            throw error(spec, "--tls-client-auth-subject-dn", "tls_client_auth needs the subject DN of the client's certificate,"
                    + " for example \"CN=partner, O=Partner Ltd, C=GB\"");
        }
        try {
            new X500Principal(dn);
        } catch (IllegalArgumentException e) {
            throw error(spec, "--tls-client-auth-subject-dn", "`" + dn + "` is not a distinguished name: write it in RFC 4514 form,"
                    + " for example \"CN=partner, O=Partner Ltd, C=GB\"");
        }
        return dn;
    }

    private SenderConstraint senderConstraint(CommandSpec spec) {
        return SenderConstraint.fromConfigName(senderConstraint).orElseThrow(() -> error(spec, "--sender-constraint", "`"
                + senderConstraint + "` is not a sender constraint; use dpop, mtls or dpop-or-mtls (FAPI 2.0 issues no unbound tokens)"));
    }

    private List<String> redirectUris(CommandSpec spec) {
        Set<String> uris = new LinkedHashSet<>();
        for (String uri : redirectUris) {
            String problem = RedirectUrisReader.problem(uri);
            if (problem != null) {
                throw error(spec, "--redirect-uri", "`" + uri + "` " + problem + "; " + RedirectUrisReader.FIX);
            }
            uris.add(uri);
        }
        return List.copyOf(uris);
    }

    private Set<String> detailsTypes(CommandSpec spec) {
        for (String type : detailsTypes) {
            if (!ClientReader.KNOWN_DETAILS_TYPES.contains(type)) {
                throw error(spec, "--authorization-details-types", "`" + type + "` is not a type Bulwark knows; use "
                        + String.join(" or ", ClientReader.KNOWN_DETAILS_TYPES) + " (RFC 9396)");
            }
        }
        return Set.copyOf(detailsTypes);
    }

    private TokenSettings tokenSettings(CommandSpec spec, TokenSettings settings) {
        TokenSettings result = refreshTokenRotation == null ? settings : settings.withRefreshTokenRotation(refreshTokenRotation);
        if (accessTokenLifetime == null) {
            return result;
        }
        if (accessTokenLifetime.equals("default")) {
            return result.withAccessTokenLifetime(null);
        }
        Duration lifetime = Durations.parse(accessTokenLifetime);
        if (lifetime == null || !TokenSettings.withinBounds(lifetime)) {
            throw error(spec, "--access-token-lifetime", "`" + accessTokenLifetime + "` is not a lifetime from 1m to 1h; write"
                    + " one such as 10m (FAPI 2.0 wants access tokens short-lived), or `default`");
        }
        return result.withAccessTokenLifetime(lifetime);
    }

    private String readJwks(CommandSpec spec) {
        try {
            return ClientsCommand.readPublicJwks(jwksFile);
        } catch (IllegalArgumentException e) {
            throw error(spec, "--jwks-file", e.getMessage());
        }
    }

    private static ParameterException error(CommandSpec spec, String option, String message) {
        return new ParameterException(spec.commandLine(), option + ": " + message);
    }
}
