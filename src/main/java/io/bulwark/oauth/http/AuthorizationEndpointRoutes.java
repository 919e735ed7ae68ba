package io.bulwark.oauth.http;

import io.bulwark.oauth.authorize.AuthorizationFlow;
import io.bulwark.oauth.authorize.FlowStep;
import io.bulwark.oauth.authorize.Interaction;
import io.bulwark.oauth.authorize.InteractionError;
import io.bulwark.oauth.core.AuthorizationServerOutcomes;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.pages.ConsentPage;
import io.bulwark.oauth.pages.LoginPage;
import io.bulwark.oauth.pages.SecondFactorPage;
import io.bulwark.oauth.pages.Stylesheet;
import io.bulwark.oauth.par.PushedAuthorization;
import io.bulwark.oauth.par.PushedAuthorizationEndpoint;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import static io.bulwark.oauth.http.PageResponses.errorPage;
import static io.bulwark.oauth.http.PageResponses.html;
import static io.bulwark.oauth.http.PageResponses.methodNotAllowed;
import static io.bulwark.oauth.http.PageResponses.remoteAddress;
import static io.bulwark.oauth.http.PageResponses.seeOther;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The HTTP face of the authorization-code flow: the PAR endpoint (JSON), and the authorization
 * endpoint's pages (HTML forms, a session cookie, 303 redirects). Thin: every decision is made by
 * {@link PushedAuthorizationEndpoint} and {@link AuthorizationFlow}.
 */
public final class AuthorizationEndpointRoutes {

    /**
     * The sign-in's session cookie. The {@code __Host-} prefix makes browsers accept it only when
     * Secure, with Path=/ and no Domain, so no other host (not even a subdomain) can plant one.
     */
    static final String SESSION_COOKIE = "__Host-bulwark-session";

    private static final long MAX_FORM_BYTES = 16 * 1024;
    private static final Map<Interaction.Stage, String> STAGE_PATHS = Map.of(
            Interaction.Stage.LOGIN, "/authorize/login",
            Interaction.Stage.SECOND_FACTOR, "/authorize/verify",
            Interaction.Stage.CONSENT, "/authorize/consent");

    private final PushedAuthorizationEndpoint pushedAuthorization;
    private final AuthorizationFlow flow;
    private final AccountRoutes account;
    private final AuthorizationServerOutcomes outcomes;

    /**
     * @param account  the users' own grants pages at {@code /account/…}
     * @param outcomes told the PAR endpoint's answers, consent decisions and second-factor checks (the metrics)
     */
    public AuthorizationEndpointRoutes(PushedAuthorizationEndpoint pushedAuthorization, AuthorizationFlow flow, AccountRoutes account,
                                       AuthorizationServerOutcomes outcomes) {
        this.outcomes = java.util.Objects.requireNonNull(outcomes, "outcomes");
        this.pushedAuthorization = pushedAuthorization;
        this.flow = flow;
        this.account = account;
    }

    /** Adds the routes to the authorization server's router. */
    void install(Router router) {
        BodyHandler forms = BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES);
        // RFC 9126 §2.1: form parameters, the client authenticated (and DPoP proofs checked) as at the token endpoint.
        router.post("/par").handler(forms).handler(RequestLogging::resume).handler(ctx -> AuthorizationServerRoutes.form(ctx, "par", outcomes,
                this::pushedAuthorizationRequest));
        router.route("/par").handler(ctx -> methodNotAllowed(ctx, "POST"));
        router.get("/authorize").handler(this::begin);
        router.route("/authorize").handler(ctx -> methodNotAllowed(ctx, "GET"));
        router.get(STAGE_PATHS.get(Interaction.Stage.LOGIN)).handler(ctx -> page(ctx, Interaction.Stage.LOGIN, null));
        router.post(STAGE_PATHS.get(Interaction.Stage.LOGIN)).handler(forms).handler(RequestLogging::resume).handler(this::login);
        router.get(STAGE_PATHS.get(Interaction.Stage.SECOND_FACTOR)).handler(ctx -> page(ctx, Interaction.Stage.SECOND_FACTOR, null));
        router.post(STAGE_PATHS.get(Interaction.Stage.SECOND_FACTOR)).handler(forms).handler(RequestLogging::resume).handler(this::secondFactor);
        router.get(STAGE_PATHS.get(Interaction.Stage.CONSENT)).handler(ctx -> page(ctx, Interaction.Stage.CONSENT, null));
        router.post(STAGE_PATHS.get(Interaction.Stage.CONSENT)).handler(forms).handler(RequestLogging::resume).handler(this::consent);
        router.post("/authorize/cancel").handler(forms).handler(RequestLogging::resume).handler(this::cancel);
        account.install(router, forms);
        router.get(Stylesheet.PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "text/css; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=3600").end(Stylesheet.CSS));
    }

    private void pushedAuthorizationRequest(RoutingContext ctx, TokenRequest request) {
        // RFC 9126 §2.3: errors are answered as at the token endpoint (RFC 6749 §5.2), by the form handler.
        PushedAuthorization pushed = pushedAuthorization.push(request, remoteAddress(ctx));
        JsonObject body = new JsonObject().put("request_uri", pushed.requestUri())
                .put("expires_in", pushed.expiresIn().toSeconds());
        ctx.response().putHeader("Pragma", "no-cache");
        pushed.headers().forEach(ctx.response()::putHeader);
        // RFC 9126 §2.2: 201 Created.
        ResponseWriter.json(ctx.response(), 201, "application/json", body.encode());
    }

    private void begin(RoutingContext ctx) {
        try {
            MultiMap query = ctx.queryParams();
            // RFC 6749 §3.1: parameters must not be repeated; a repeat is not guessed at.
            if (query.getAll("client_id").size() > 1 || query.getAll("request_uri").size() > 1) {
                throw new InteractionError(400, "Request not accepted", "The application's request repeats a parameter. "
                        + "Go back to the application and start again.");
            }
            AuthorizationFlow.Started started = flow.begin(query.get("client_id"), query.get("request_uri"));
            setSession(ctx.response(), started.sessionToken());
            seeOther(ctx, STAGE_PATHS.get(started.interaction().stage()));
        } catch (InteractionError error) {
            errorPage(ctx, error);
        }
    }

    private void page(RoutingContext ctx, Interaction.Stage stage, String message) {
        try {
            Interaction interaction = flow.current(session(ctx));
            if (interaction.stage() != stage) {
                seeOther(ctx, STAGE_PATHS.get(interaction.stage()));
                return;
            }
            String clientName = flow.clientName(interaction);
            String html = switch (stage) {
                case LOGIN -> LoginPage.render(clientName, interaction.csrfToken(),
                        message == null ? null : ctx.request().getFormAttribute("username"), message);
                case SECOND_FACTOR -> SecondFactorPage.render(clientName, flow.userName(interaction), interaction.csrfToken(), message,
                        interaction.request().asksForPayment());
                case CONSENT -> ConsentPage.render(flow.consentView(interaction), interaction.csrfToken());
            };
            html(ctx, message == null ? 200 : 400, formAction(interaction), html);
        } catch (InteractionError error) {
            errorPage(ctx, error);
        }
    }

    private void login(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        step(ctx, () -> flow.login(session(ctx), form.get("csrf"), form.get("username"), form.get("password"),
                remoteAddress(ctx), AuthorizationServerRoutes.requestId(ctx)));
    }

    private void secondFactor(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        step(ctx, () -> {
            FlowStep next = flow.secondFactor(session(ctx), form.get("csrf"), form.get("code"), remoteAddress(ctx),
                    AuthorizationServerRoutes.requestId(ctx));
            // A retry shows the page again with its message: the code was wrong, replayed, or the factor is locked.
            outcomes.secondFactorChecked(!(next instanceof FlowStep.Retry));
            return next;
        });
    }

    private void consent(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        Map<Integer, Set<String>> ticked = new HashMap<>();
        for (String name : form.names()) {
            if (name.startsWith(ConsentPage.ACCOUNT_FIELD_PREFIX)) {
                try {
                    int index = Integer.parseInt(name.substring(ConsentPage.ACCOUNT_FIELD_PREFIX.length()));
                    ticked.put(index, new LinkedHashSet<>(form.getAll(name)));
                } catch (NumberFormatException e) {
                    // Not a field the page makes; ignored, so it can only grant less.
                }
            }
        }
        boolean approve = "approve".equals(form.get("decision"));
        step(ctx, () -> {
            FlowStep next = flow.decide(session(ctx), form.get("csrf"), approve, ticked);
            outcomes.consentDecided(approve);
            return next;
        });
    }

    private void cancel(RoutingContext ctx) {
        step(ctx, () -> flow.cancel(session(ctx), ctx.request().getFormAttribute("csrf")));
    }

    /** Runs a form submission's step and answers as it says. */
    private void step(RoutingContext ctx, Supplier<FlowStep> step) {
        try {
            switch (step.get()) {
                case FlowStep.GoTo goTo -> {
                    if (goTo.newSessionToken() != null) {
                        setSession(ctx.response(), goTo.newSessionToken());
                    }
                    seeOther(ctx, STAGE_PATHS.get(goTo.stage()));
                }
                case FlowStep.Retry retry -> page(ctx, retry.stage(), retry.message());
                case FlowStep.ToClient toClient -> {
                    clearSession(ctx.response());
                    seeOther(ctx, toClient.location().toString());
                }
            }
        } catch (InteractionError error) {
            errorPage(ctx, error);
        }
    }

    private static String formAction(Interaction interaction) {
        URI redirect = URI.create(interaction.request().redirectUri());
        String origin = redirect.getScheme() + "://" + redirect.getRawAuthority();
        return "'self' " + origin;
    }

    private static String session(RoutingContext ctx) {
        return PageResponses.cookie(ctx, SESSION_COOKIE);
    }

    private static void setSession(HttpServerResponse response, String token) {
        PageResponses.setCookie(response, SESSION_COOKIE, token, AuthorizationFlow.INTERACTION_LIFETIME);
    }

    private static void clearSession(HttpServerResponse response) {
        PageResponses.clearCookie(response, SESSION_COOKIE);
    }
}
