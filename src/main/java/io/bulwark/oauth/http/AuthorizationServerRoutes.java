package io.bulwark.oauth.http;

import io.bulwark.http.Problem;
import io.bulwark.oauth.GrantManagementEndpoint;
import io.bulwark.oauth.GrantManagementRequest;
import io.bulwark.oauth.IntrospectionEndpoint;
import io.bulwark.oauth.IssuedAccessToken;
import io.bulwark.oauth.RevocationEndpoint;
import io.bulwark.oauth.TokenEndpoint;
import io.bulwark.oauth.TokenResponse;
import io.bulwark.oauth.core.AuthorizationServerOutcomes;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.oauth.rar.AuthorizationDetailsJson;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The authorization server's HTTP face: discovery metadata, JWKS, the token, revocation and
 * introspection endpoints, the PAR and authorization endpoints ({@link AuthorizationEndpointRoutes}) and the
 * grant management API. Meant to
 * run on virtual threads, since the token endpoint reads the store.
 */
public final class AuthorizationServerRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationServerRoutes.class);
    private static final long MAX_TOKEN_REQUEST_BYTES = 16 * 1024;
    /** The endpoints that take OAuth forms and answer errors as RFC 6749 §5.2 JSON. */
    private static final Set<String> OAUTH_FORM_PATHS = Set.of("/token", "/revoke", "/introspect", "/par");

    private final String metadataJson;
    private final SigningKeyRing keys;
    private final TokenEndpoint tokenEndpoint;
    private final RevocationEndpoint revocationEndpoint;
    private final IntrospectionEndpoint introspectionEndpoint;
    private final AuthorizationEndpointRoutes authorizationEndpoint;
    private final GrantManagementEndpoint grantManagement;
    private final AuthorizationServerOutcomes outcomes;

    /**
     * @param authorizationEndpoint the PAR endpoint, the authorization endpoint's pages and the users' own grants pages
     * @param grantManagement       the grant management API at {@code /grants/{id}}
     * @param outcomes              told each form endpoint's outcome and each token issued (the metrics)
     */
    public AuthorizationServerRoutes(Map<String, Object> metadata, SigningKeyRing keys, TokenEndpoint tokenEndpoint,
                                     RevocationEndpoint revocationEndpoint, IntrospectionEndpoint introspectionEndpoint,
                                     AuthorizationEndpointRoutes authorizationEndpoint, GrantManagementEndpoint grantManagement,
                                     AuthorizationServerOutcomes outcomes) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.metadataJson = new JsonObject(metadata).encode();
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        this.revocationEndpoint = Objects.requireNonNull(revocationEndpoint, "revocationEndpoint");
        this.introspectionEndpoint = Objects.requireNonNull(introspectionEndpoint, "introspectionEndpoint");
        this.authorizationEndpoint = Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        this.grantManagement = Objects.requireNonNull(grantManagement, "grantManagement");
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().order(-2).handler(ctx -> {
            // Every answer names its request (X-Request-Id, and problem documents too), as security events do.
            String requestId = io.bulwark.audit.RequestIds.next();
            ResponseWriter.identify(ctx.response(), requestId);
            ResponseWriter.secure(ctx.response());
            RequestLogging.open(ctx, requestId);
        });
        // RFC 8414 §3 and OpenID Connect Discovery §4: the same document at both well-known paths.
        router.get("/.well-known/oauth-authorization-server").handler(this::metadata);
        router.get("/.well-known/openid-configuration").handler(this::metadata);
        router.get("/jwks").handler(this::jwks);
        router.post("/token").handler(formBody()).handler(RequestLogging::resume).handler(ctx -> form(ctx, "token", outcomes, this::token));
        // RFC 7009 §2 and RFC 7662 §2: POST with form parameters, client authenticated as at the token endpoint.
        router.post("/revoke").handler(formBody()).handler(RequestLogging::resume).handler(ctx -> form(ctx, "revoke", outcomes, this::revoke));
        router.post("/introspect").handler(formBody()).handler(RequestLogging::resume)
                .handler(ctx -> form(ctx, "introspect", outcomes, this::introspect));
        for (String path : new String[] {"/token", "/revoke", "/introspect"}) {
            router.route(path).handler(ctx -> methodNotAllowed(ctx, "POST"));
        }
        authorizationEndpoint.install(router);
        // Grant Management §6.4 and §6.5: GET reads, DELETE revokes; nothing else.
        router.get("/grants/:grantId").handler(this::queryGrant);
        router.delete("/grants/:grantId").handler(this::revokeGrant);
        router.route("/grants/:grantId").handler(ctx -> methodNotAllowed(ctx, "GET, DELETE"));
        router.route().last().handler(ctx -> ResponseWriter.problem(ctx.response(),
                Problem.of("not-found", "Not Found", 404, "no such endpoint on this authorization server")));
        router.route().failureHandler(ctx -> RequestLogging.within(ctx, () -> failure(ctx)));
        return router;
    }

    /** The id this request's answer carries ({@code X-Request-Id}), for the security events it may raise. */
    static String requestId(RoutingContext ctx) {
        return ctx.response().headers().get(io.bulwark.http.Problem.REQUEST_ID_HEADER);
    }

    private void metadata(RoutingContext ctx) {
        ResponseWriter.json(ctx.response(), 200, "application/json", metadataJson);
    }

    private void jwks(RoutingContext ctx) {
        // JWKSet.toString() prints public keys only.
        ctx.response().putHeader("Cache-Control", "public, max-age=60");
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/jwk-set+json")
                .end(keys.publicJwks().toString());
    }

    private static BodyHandler formBody() {
        return BodyHandler.create(false).setBodyLimit(MAX_TOKEN_REQUEST_BYTES);
    }

    /**
     * Checks and parses a form POST, runs {@code endpoint}, and answers an {@link OAuthError} as RFC 6749 §5.2 says;
     * {@code outcomes} learns how endpoint {@code name} answered.
     */
    static void form(RoutingContext ctx, String name, AuthorizationServerOutcomes outcomes, BiConsumer<RoutingContext, TokenRequest> endpoint) {
        try {
            String contentType = ctx.request().getHeader("Content-Type");
            // RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1, RFC 9126 §2.1: application/x-www-form-urlencoded.
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
            }
            // The DPoP proofs and the TLS client certificate travel with the form: sender constraint
            // and mTLS client authentication (RFC 9449, RFC 8705) need them at every form endpoint.
            endpoint.accept(ctx, new TokenRequest(formParameters(ctx.body().asString()), ctx.request().headers().getAll("DPoP"),
                    ClientCertificates.of(ctx.request()), ctx.request().getHeader("Authorization")));
            outcomes.endpointAnswered(name, "ok");
        } catch (OAuthError error) {
            outcomes.endpointAnswered(name, error.code());
            oauthError(ctx, error);
        }
    }

    private void token(RoutingContext ctx, TokenRequest request) {
        TokenResponse response = tokenEndpoint.handle(request, sourceIp(ctx), requestId(ctx));
        outcomes.tokenIssued(response.issuance().grantType(), response.issuance().clientAuthMethod(), response.issuance().senderConstraint());
        IssuedAccessToken token = response.token();
        JsonObject body = new JsonObject()
                .put("access_token", token.value())
                .put("token_type", token.tokenType())
                .put("expires_in", token.expiresIn().toSeconds());
        // RFC 6749 §5.1: scope is OPTIONAL when it is the one requested; a grant of authorization details alone has
        // none, so it is left out rather than sent empty.
        if (!token.scopes().isEmpty()) {
            body.put("scope", Scopes.format(token.scopes()));
        }
        // RFC 6749 §5.1: refresh_token is OPTIONAL; present for the code exchange, and for a refresh with rotation.
        if (response.refreshToken() != null) {
            body.put("refresh_token", response.refreshToken());
        }
        // RFC 9396 §7: the details granted are returned with the token.
        if (!token.authorizationDetails().isEmpty()) {
            body.put("authorization_details", new JsonArray(token.authorizationDetails()));
        }
        // FAPI Grant Management, "Token Response": the AS returns grant_id, so that the client can manage the grant at
        // /grants/{grant_id} without reading the access token, which is opaque to it (RFC 9068 §6).
        if (token.grantId() != null) {
            body.put("grant_id", token.grantId());
        }
        // RFC 6749 §5.1: responses carrying tokens must not be cached.
        ctx.response().putHeader("Pragma", "no-cache");
        response.headers().forEach(ctx.response()::putHeader);
        ResponseWriter.json(ctx.response(), 200, "application/json", body.encode());
    }

    /** The caller's address, counted by the brute-force guard; null when unknown. */
    private static String sourceIp(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }

    private void revoke(RoutingContext ctx, TokenRequest request) {
        revocationEndpoint.handle(request, sourceIp(ctx));
        // RFC 7009 §2.2: 200, and the body is ignored by clients.
        ctx.response().setStatusCode(200).end();
    }

    private void introspect(RoutingContext ctx, TokenRequest request) {
        ResponseWriter.json(ctx.response(), 200, "application/json", new JsonObject(introspectionEndpoint.handle(request, sourceIp(ctx))).encode());
    }

    private void queryGrant(RoutingContext ctx) {
        try {
            grantManagement.query(grantRequest(ctx)).ifPresentOrElse(grant -> ResponseWriter.json(ctx.response(), 200,
                    "application/json", grantJson(grant).encode()), () -> grantNotFound(ctx));
        } catch (OAuthError error) {
            oauthError(ctx, error);
        }
    }

    private void revokeGrant(RoutingContext ctx) {
        try {
            if (grantManagement.revoke(grantRequest(ctx))) {
                ctx.response().setStatusCode(204).end();
            } else {
                grantNotFound(ctx);
            }
        } catch (OAuthError error) {
            oauthError(ctx, error);
        }
    }

    private static GrantManagementRequest grantRequest(RoutingContext ctx) {
        return new GrantManagementRequest(ctx.request().method().name(), ctx.pathParam("grantId"), ctx.request().getHeader("Authorization"),
                ctx.request().headers().getAll("DPoP"), ClientCertificates.of(ctx.request()));
    }

    /** Grant Management §6.4: the scopes (one entry per scope) and authorization details of the grant. */
    private static JsonObject grantJson(Grant grant) {
        JsonArray scopes = new JsonArray();
        new java.util.TreeSet<>(grant.scopes()).forEach(scope -> scopes.add(new JsonObject().put("scope", scope)));
        JsonObject body = new JsonObject().put("grant_id", grant.grantId()).put("scopes", scopes);
        if (!grant.details().isEmpty()) {
            body.put("authorization_details", new JsonArray(AuthorizationDetailsJson.toClaim(grant.details())));
        }
        return body;
    }

    private static void grantNotFound(RoutingContext ctx) {
        ResponseWriter.problem(ctx.response(), Problem.of("grant-not-found", "Not Found", 404,
                "this client holds no standing grant with that id"));
    }

    /** RFC 6749 §3.2: parameters sent without a value are treated as omitted; none may repeat. */
    static Map<String, String> formParameters(String body) {
        Map<String, String> params = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (value.isEmpty()) {
                continue;
            }
            if (params.putIfAbsent(name, value) != null) {
                throw OAuthError.invalidRequest("parameter " + name + " is repeated");
            }
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("the form body is not valid URL encoding");
        }
    }

    /** RFC 6749 §5.2: the error response is JSON with error and error_description. */
    static void oauthError(RoutingContext ctx, OAuthError error) {
        JsonObject body = new JsonObject().put("error", error.code()).put("error_description", error.description());
        ctx.response().putHeader("Pragma", "no-cache");
        error.headers().forEach(ctx.response()::putHeader);
        ResponseWriter.json(ctx.response(), error.status(), "application/json", body.encode());
    }

    /**
     * The body handler's form decoder gave up on the body: a field over Vert.x's form attribute limit (an IOException over
     * HTTP/2) or an undecodable body (a DecoderException over HTTP/1.1, which the body handler turns into 400). Bad input,
     * not a server failure.
     */
    private static boolean unreadableForm(RoutingContext ctx) {
        return ctx.statusCode() == 400 || ctx.failure() instanceof IOException;
    }

    private static void methodNotAllowed(RoutingContext ctx, String allow) {
        ResponseWriter.problem(ctx.response(), Problem.of("method-not-allowed", "Method Not Allowed", 405,
                "this endpoint accepts " + allow).withHeader("Allow", allow));
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            ResponseWriter.problem(ctx.response(), Problem.of("request-too-large", "Content Too Large", 413,
                    "the request body exceeds " + MAX_TOKEN_REQUEST_BYTES + " bytes"));
            return;
        }
        if (unreadableForm(ctx)) {
            String detail = "a form field exceeds " + HttpServerOptions.DEFAULT_MAX_FORM_ATTRIBUTE_SIZE + " bytes, or the form is malformed";
            if (OAUTH_FORM_PATHS.contains(ctx.request().path())) {
                // RFC 6749 §5.2 (and RFC 7009 §2.2.1, RFC 7662 §2.3, RFC 9126 §2.3): a request the server cannot read is invalid_request.
                oauthError(ctx, OAuthError.invalidRequest(detail));
            } else {
                ResponseWriter.problem(ctx.response(), Problem.of("form-field-too-large", "Bad Request", 400, detail));
            }
            return;
        }
        LOG.error("authorization server request failed: {} {}", ctx.request().method(),
                io.bulwark.audit.AuditRedaction.clean(ctx.request().path(), 256), ctx.failure());
        ResponseWriter.problem(ctx.response(), Problem.of("internal-error", "Internal Server Error", 500,
                "the request could not be completed; it has been logged"));
    }
}
