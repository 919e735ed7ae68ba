package io.bulwark.oauth.http;

import io.bulwark.oauth.account.AccountSession;
import io.bulwark.oauth.account.AccountSignIn;
import io.bulwark.oauth.account.OwnGrants;
import io.bulwark.oauth.authorize.InteractionError;
import io.bulwark.oauth.pages.AccountSignInPage;
import io.bulwark.oauth.pages.GrantsPage;
import io.bulwark.oauth.users.User;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Optional;
import java.util.function.Supplier;

import static io.bulwark.oauth.http.PageResponses.errorPage;
import static io.bulwark.oauth.http.PageResponses.html;
import static io.bulwark.oauth.http.PageResponses.methodNotAllowed;
import static io.bulwark.oauth.http.PageResponses.remoteAddress;
import static io.bulwark.oauth.http.PageResponses.seeOther;

/**
 * The HTTP face of the users' own grants pages: {@code GET /account/grants} (the sign-in form, or the
 * grants), and the form posts that sign in, revoke a grant and sign out. Thin: every decision is made by
 * {@link AccountSignIn} and {@link OwnGrants}.
 */
public final class AccountRoutes {

    /** Apart from the authorization flow's cookie, so that neither session can stand in for the other. */
    static final String SESSION_COOKIE = "__Host-bulwark-account";

    static final String GRANTS_PATH = "/account/grants";

    private static final String REVOKED = "revoked";
    private static final String SIGNED_OUT = "signed-out";

    private final AccountSignIn signIn;
    private final OwnGrants grants;

    public AccountRoutes(AccountSignIn signIn, OwnGrants grants) {
        this.signIn = signIn;
        this.grants = grants;
    }

    /** Adds the routes to the authorization server's router; {@code forms} bounds and parses form bodies. */
    void install(Router router, BodyHandler forms) {
        router.get(GRANTS_PATH).handler(this::show);
        router.post("/account/login").handler(forms).handler(RequestLogging::resume).handler(this::password);
        router.post("/account/verify").handler(forms).handler(RequestLogging::resume).handler(this::secondFactor);
        router.post("/account/grants/revoke").handler(forms).handler(RequestLogging::resume).handler(this::revoke);
        router.post("/account/sign-out").handler(forms).handler(RequestLogging::resume).handler(this::signOut);
        router.route(GRANTS_PATH).handler(ctx -> methodNotAllowed(ctx, "GET"));
        for (String path : new String[] {"/account/login", "/account/verify", "/account/grants/revoke", "/account/sign-out"}) {
            router.route(path).handler(ctx -> methodNotAllowed(ctx, "POST"));
        }
    }

    private void show(RoutingContext ctx) {
        try {
            // Only fixed words are shown for these query values; nothing from the query reaches the page.
            String done = ctx.queryParams().get("done");
            Optional<AccountSession> session = signIn.current(session(ctx));
            if (session.isEmpty()) {
                AccountSignIn.Opened opened = signIn.open();
                PageResponses.setCookie(ctx.response(), SESSION_COOKIE, opened.sessionToken(), AccountSignIn.SESSION_LIFETIME);
                page(ctx, opened.session(), null, null, SIGNED_OUT.equals(done) ? "You have signed out." : null);
                return;
            }
            page(ctx, session.get(), null, null, REVOKED.equals(done) ? "Access revoked. That app can no longer use your account." : null);
        } catch (InteractionError error) {
            errorPage(ctx, error);
        }
    }

    /** The page for where {@code session} stands: a sign-in form, or the grants. */
    private void page(RoutingContext ctx, AccountSession session, String username, String error, String notice) {
        int status = error == null ? 200 : 400;
        String page = switch (session.stage()) {
            case PASSWORD -> AccountSignInPage.password(session.csrfToken(), username, error, notice);
            case SECOND_FACTOR -> AccountSignInPage.secondFactor(signIn.user(session).displayName(), session.csrfToken(), error);
            case SIGNED_IN -> {
                User user = signIn.signedInUser(session);
                yield GrantsPage.render(user.displayName(), grants.of(user), session.csrfToken(), notice, error);
            }
        };
        html(ctx, status, "'self'", page);
    }

    private void password(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        step(ctx, () -> signIn.password(session(ctx), form.get("csrf"), form.get("username"), form.get("password"),
                remoteAddress(ctx), AuthorizationServerRoutes.requestId(ctx)), form.get("username"));
    }

    private void secondFactor(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        step(ctx, () -> signIn.secondFactor(session(ctx), form.get("csrf"), form.get("code"), remoteAddress(ctx),
                AuthorizationServerRoutes.requestId(ctx)), null);
    }

    private void step(RoutingContext ctx, Supplier<AccountSignIn.Step> step, String username) {
        try {
            switch (step.get()) {
                case AccountSignIn.Step.Moved moved -> {
                    if (moved.newSessionToken() != null) {
                        PageResponses.setCookie(ctx.response(), SESSION_COOKIE, moved.newSessionToken(),
                                AccountSignIn.SESSION_LIFETIME);
                    }
                    seeOther(ctx, GRANTS_PATH);
                }
                case AccountSignIn.Step.Retry retry ->
                        page(ctx, signIn.required(session(ctx)), username, retry.message(), null);
            }
        } catch (InteractionError error) {
            errorPage(ctx, error);
        }
    }

    private void revoke(RoutingContext ctx) {
        try {
            MultiMap form = ctx.request().formAttributes();
            User user = signIn.signedIn(session(ctx), form.get("csrf"));
            if (!grants.revoke(user, form.get(GrantsPage.GRANT_FIELD))) {
                // Another user's, an unknown or an already revoked grant: one answer for all, and nothing changes.
                throw new InteractionError(404, "Not found", "That app's access was not found among yours, or was "
                        + "already revoked. Open Your connected apps again to see what stands.");
            }
            seeOther(ctx, GRANTS_PATH + "?done=" + REVOKED);
        } catch (InteractionError error) {
            errorPage(ctx, error);
        }
    }

    private void signOut(RoutingContext ctx) {
        try {
            signIn.signOut(session(ctx), ctx.request().getFormAttribute("csrf"));
            PageResponses.clearCookie(ctx.response(), SESSION_COOKIE);
            seeOther(ctx, GRANTS_PATH + "?done=" + SIGNED_OUT);
        } catch (InteractionError error) {
            errorPage(ctx, error);
        }
    }

    private static String session(RoutingContext ctx) {
        return PageResponses.cookie(ctx, SESSION_COOKIE);
    }

}
