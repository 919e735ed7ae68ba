package io.bulwark.oauth.http;

import io.bulwark.http.Problem;
import io.bulwark.oauth.IssuedAccessToken;
import io.bulwark.oauth.OAuthError;
import io.bulwark.oauth.SigningKeyRing;
import io.bulwark.oauth.TokenEndpoint;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The authorization server's HTTP face: discovery metadata, JWKS, the token endpoint and, when given,
 * the PAR and authorization endpoints ({@link AuthorizationEndpointRoutes}). Meant to
 * run on virtual threads, since the token endpoint reads the store.
 */
public final class AuthorizationServerRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationServerRoutes.class);
    private static final long MAX_TOKEN_REQUEST_BYTES = 16 * 1024;

    private final String metadataJson;
    private final SigningKeyRing keys;
    private final TokenEndpoint tokenEndpoint;
    private final AuthorizationEndpointRoutes authorizationEndpoint;

    public AuthorizationServerRoutes(Map<String, Object> metadata, SigningKeyRing keys, TokenEndpoint tokenEndpoint,
                                     AuthorizationEndpointRoutes authorizationEndpoint) {
        this.metadataJson = new JsonObject(metadata).encode();
        this.keys = keys;
        this.tokenEndpoint = tokenEndpoint;
        this.authorizationEndpoint = authorizationEndpoint;
    }

    /** Routes without the authorization endpoint and PAR (machine-to-machine only). */
    public AuthorizationServerRoutes(Map<String, Object> metadata, SigningKeyRing keys, TokenEndpoint tokenEndpoint) {
        this(metadata, keys, tokenEndpoint, null);
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ResponseWriter.secure(ctx.response());
            ctx.next();
        });
        // RFC 8414 §3 and OpenID Connect Discovery §4: the same document at both well-known paths.
        router.get("/.well-known/oauth-authorization-server").handler(this::metadata);
        router.get("/.well-known/openid-configuration").handler(this::metadata);
        router.get("/jwks").handler(this::jwks);
        router.post("/token").handler(BodyHandler.create(false).setBodyLimit(MAX_TOKEN_REQUEST_BYTES)).handler(this::token);
        router.route("/token").handler(ctx -> methodNotAllowed(ctx, "POST"));
        if (authorizationEndpoint != null) {
            authorizationEndpoint.install(router);
        }
        router.route().last().handler(ctx -> ResponseWriter.problem(ctx.response(),
                Problem.of("not-found", "Not Found", 404, "no such endpoint on this authorization server")));
        router.route().failureHandler(this::failure);
        return router;
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

    private void token(RoutingContext ctx) {
        try {
            String contentType = ctx.request().getHeader("Content-Type");
            // RFC 6749 §3.2: token requests are application/x-www-form-urlencoded.
            if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
            }
            IssuedAccessToken token = tokenEndpoint.handle(formParameters(ctx.body().asString()));
            JsonObject body = new JsonObject()
                    .put("access_token", token.value())
                    .put("token_type", "Bearer")
                    .put("expires_in", token.expiresIn().toSeconds())
                    .put("scope", io.bulwark.oauth.Scopes.format(token.scopes()));
            // RFC 9396 §7: the details granted are returned with the token.
            if (!token.authorizationDetails().isEmpty()) {
                body.put("authorization_details", new JsonArray(token.authorizationDetails()));
            }
            // RFC 6749 §5.1: responses carrying tokens must not be cached.
            ctx.response().putHeader("Pragma", "no-cache");
            ResponseWriter.json(ctx.response(), 200, "application/json", body.encode());
        } catch (OAuthError error) {
            oauthError(ctx, error);
        }
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
        ResponseWriter.json(ctx.response(), error.status(), "application/json", body.encode());
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
        LOG.error("authorization server request failed: {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        ResponseWriter.problem(ctx.response(), Problem.of("internal-error", "Internal Server Error", 500,
                "the request could not be completed; it has been logged"));
    }
}
