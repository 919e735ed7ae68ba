package io.bulwark.oauth.authorize;

import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.consent.Consent;
import io.bulwark.oauth.consent.ConsentView;
import io.bulwark.oauth.core.SecretTokens;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.par.PushedRequest;
import io.bulwark.oauth.par.PushedRequestStore;
import io.bulwark.oauth.par.RequestUris;
import io.bulwark.oauth.rar.AuthorizationDetail;
import io.bulwark.oauth.users.LoginAttempts;
import io.bulwark.oauth.users.SignInCheck;
import io.bulwark.oauth.users.User;
import io.bulwark.oauth.users.UserRepository;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization endpoint's sign-in, step by step: {@link #begin} from a pushed request, then
 * {@link #login}, {@link #secondFactor} when a payment is asked for, and {@link #decide}. Every step
 * after the first is bound to the browser by its session token and to the form by the CSRF token.
 */
public final class AuthorizationFlow {

    /** How long a browser may take from opening the sign-in to answering the consent. */
    public static final Duration INTERACTION_LIFETIME = Duration.ofMinutes(10);

    /** FAPI 2.0 SP §5.3.2.2: authorization codes live at most 60 seconds. */
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    private final String issuer;
    private final ClientRepository clients;
    private final PushedRequestStore requests;
    private final InteractionStore interactions;
    private final AuthorizationCodeStore codes;
    private final GrantStore grants;
    private final UserRepository users;
    private final SignInCheck signIn;
    private final Consent consent;
    private final SecondFactorDemands stepUps;
    private final InstantSource clock;

    public AuthorizationFlow(String issuer, ClientRepository clients, PushedRequestStore requests,
                             InteractionStore interactions, AuthorizationCodeStore codes, GrantStore grants,
                             UserRepository users, LoginAttempts loginAttempts, Consent consent, InstantSource clock) {
        this(issuer, clients, requests, interactions, codes, grants, users, loginAttempts, consent, SecondFactorDemands.NONE, clock);
    }

    /** @param stepUps the users who must give a second factor at any consent (anomaly responses) */
    public AuthorizationFlow(String issuer, ClientRepository clients, PushedRequestStore requests,
                             InteractionStore interactions, AuthorizationCodeStore codes, GrantStore grants,
                             UserRepository users, LoginAttempts loginAttempts, Consent consent, SecondFactorDemands stepUps,
                             InstantSource clock) {
        this.issuer = issuer;
        this.clients = clients;
        this.requests = requests;
        this.interactions = interactions;
        this.codes = codes;
        this.grants = grants;
        this.users = users;
        this.signIn = new SignInCheck(loginAttempts);
        this.consent = consent;
        this.stepUps = stepUps;
        this.clock = clock;
    }

    /** A sign-in just opened: the session token for the browser's cookie, and the sign-in itself. */
    public record Started(String sessionToken, Interaction interaction) {
        @Override
        public String toString() {
            return "Started[sessionToken=***, " + interaction + "]";
        }
    }

    /**
     * Opens a sign-in for {@code GET /authorize?client_id&request_uri}, spending the request_uri.
     *
     * @throws InteractionError when there is no valid pushed request to answer (no redirect is safe then)
     */
    public Started begin(String clientId, String requestUri) {
        if (clientId == null) {
            throw new InteractionError(400, "Request not accepted", "The application's request has no client_id. "
                    + "Go back to the application and start again.");
        }
        // FAPI 2.0 SP §5.3.2.2 and RFC 9126 §5 (require_pushed_authorization_requests): every authorization
        // request must come through PAR; one made only of query parameters is refused.
        if (requestUri == null) {
            throw new InteractionError(400, "Request not accepted", "The application sent this sign-in without "
                    + "registering it first (pushed authorization request), so it cannot be trusted. Go back to the "
                    + "application and start again.");
        }
        // RFC 9126 §4: a request_uri is used once, and not after it expires.
        Optional<PushedRequest> pushed = RequestUris.referenceHash(requestUri)
                .flatMap(hash -> requests.take(hash, clock.instant()));
        if (pushed.isEmpty()) {
            throw new InteractionError(400, "Link expired", "This sign-in link has expired or was already used. "
                    + "Go back to the application and start again.");
        }
        PushedRequest request = pushed.get();
        // RFC 9126 §4: the client_id of the authorization request must match the pushed request's.
        if (!request.clientId().equals(clientId) || activeClient(clientId).isEmpty()) {
            throw new InteractionError(400, "Request not accepted", "This sign-in link does not belong to the "
                    + "application that sent it. Go back to the application and start again.");
        }
        String sessionToken = SecretTokens.newToken();
        Interaction interaction = new Interaction(SecretTokens.newToken(), Interaction.Stage.LOGIN, null, request,
                clock.instant().plus(INTERACTION_LIFETIME));
        interactions.create(SecretTokens.hash(sessionToken), interaction);
        return new Started(sessionToken, interaction);
    }

    /**
     * The sign-in the browser's session token belongs to.
     *
     * @throws InteractionError when it is unknown or has expired
     */
    public Interaction current(String sessionToken) {
        if (sessionToken == null || sessionToken.isEmpty()) {
            throw sessionLost();
        }
        return interactions.find(SecretTokens.hash(sessionToken), clock.instant()).orElseThrow(AuthorizationFlow::sessionLost);
    }

    /** The name of the client the sign-in is for, as pages show it. */
    public String clientName(Interaction interaction) {
        return activeClient(interaction.request().clientId()).map(RegisteredClient::name).orElse(interaction.request().clientId());
    }

    /** Who is signed in, as pages greet them; null before the password step. */
    public String userName(Interaction interaction) {
        return interaction.username() == null ? null
                : users.find(interaction.username()).map(User::displayName).orElse(interaction.username());
    }

    /** What the consent page shows for this sign-in (at the consent stage). */
    public ConsentView consentView(Interaction interaction) {
        User user = signedInUser(interaction);
        PushedRequest request = interaction.request();
        return consent.view(clientName(interaction), user.subject(), user.displayName(), request.scopes(), request.details());
    }

    /** The password step. */
    public FlowStep login(String sessionToken, String csrfToken, String username, String password,
                          String remoteAddress, String requestId) {
        Interaction interaction = checked(sessionToken, csrfToken);
        if (interaction.stage() != Interaction.Stage.LOGIN) {
            return new FlowStep.GoTo(interaction.stage(), null);
        }
        return switch (signIn.password(username, password, remoteAddress, requestId)) {
            case SignInCheck.Result.Refused refused -> new FlowStep.Retry(Interaction.Stage.LOGIN, refused.message());
            case SignInCheck.Result.Passed passed -> signedIn(sessionToken, interaction, passed.user());
        };
    }

    private FlowStep signedIn(String sessionToken, Interaction interaction, User user) {
        PushedRequest request = interaction.request();
        // Strong customer authentication: a payment is consented to only after a second factor.
        boolean needsSecondFactor = request.asksForPayment();
        if (needsSecondFactor && !user.hasSecondFactor()) {
            return endWithError(sessionToken, interaction, "access_denied",
                    "the user has no second factor, which a payment requires");
        }
        // An anomaly response may ask this user for a second factor at any consent for a while (docs/ANOMALY.md).
        if (!needsSecondFactor && stepUps.demanded(user.subject())) {
            if (!user.hasSecondFactor()) {
                interactions.finish(SecretTokens.hash(sessionToken));
                throw new InteractionError(403, "Extra verification needed", "For your security, this sign-in needs a second "
                        + "factor (a code from your authenticator app), and your account has none set up. Contact your bank to "
                        + "set one up or to confirm it is you; until then no application can be given access to your accounts.");
            }
            needsSecondFactor = true;
        }
        Interaction.Stage next = needsSecondFactor ? Interaction.Stage.SECOND_FACTOR : Interaction.Stage.CONSENT;
        // A new session token once the user is known, so that a token seen before sign-in is worth nothing after.
        String newSessionToken = SecretTokens.newToken();
        if (!interactions.advance(SecretTokens.hash(sessionToken), Interaction.Stage.LOGIN, next, user.username(),
                SecretTokens.hash(newSessionToken))) {
            return new FlowStep.GoTo(current(sessionToken).stage(), null);
        }
        return new FlowStep.GoTo(next, newSessionToken);
    }

    /** The TOTP step (strong customer authentication before a payment consent). */
    public FlowStep secondFactor(String sessionToken, String csrfToken, String code, String remoteAddress, String requestId) {
        Interaction interaction = checked(sessionToken, csrfToken);
        if (interaction.stage() != Interaction.Stage.SECOND_FACTOR) {
            return new FlowStep.GoTo(interaction.stage(), null);
        }
        User user = signedInUser(interaction);
        return switch (signIn.secondFactor(user, code, remoteAddress, requestId)) {
            case SignInCheck.Result.Refused refused -> new FlowStep.Retry(Interaction.Stage.SECOND_FACTOR, refused.message());
            case SignInCheck.Result.Passed passed -> {
                String hash = SecretTokens.hash(sessionToken);
                if (!interactions.advance(hash, Interaction.Stage.SECOND_FACTOR, Interaction.Stage.CONSENT,
                        user.username(), hash)) {
                    yield new FlowStep.GoTo(current(sessionToken).stage(), null);
                }
                yield new FlowStep.GoTo(Interaction.Stage.CONSENT, null);
            }
        };
    }

    /**
     * The user's answer on the consent page.
     *
     * @param approve whether they approved
     * @param ticked  the accounts ticked, per authorization detail index
     */
    public FlowStep decide(String sessionToken, String csrfToken, boolean approve, Map<Integer, Set<String>> ticked) {
        Interaction interaction = checked(sessionToken, csrfToken);
        if (!approve) {
            return endWithError(sessionToken, interaction, "access_denied", "the user declined");
        }
        // Consent only at the consent stage: not before the password, nor (for a payment) before the TOTP code.
        if (interaction.stage() != Interaction.Stage.CONSENT) {
            return new FlowStep.GoTo(interaction.stage(), null);
        }
        User user = signedInUser(interaction);
        // One sign-in, one answer: a second submission of the form finds the sign-in gone.
        if (!interactions.finish(SecretTokens.hash(sessionToken))) {
            throw sessionLost();
        }
        PushedRequest request = interaction.request();
        List<AuthorizationDetail> granted = consent.granted(user.subject(), request.details(), ticked);
        if (request.scopes().isEmpty() && granted.isEmpty()) {
            return new FlowStep.ToClient(AuthorizationResponses.error(request.redirectUri(), "access_denied",
                    "the user granted nothing (no account was selected)", request.state(), issuer));
        }
        Instant now = clock.instant();
        String grantId = SecretTokens.newToken();
        grants.create(new Grant(grantId, user.subject(), request.clientId(), request.scopes(), granted, now, null));
        String code = SecretTokens.newToken();
        codes.save(SecretTokens.hash(code), new IssuedCode(grantId, request.clientId(), user.subject(), request.redirectUri(),
                request.codeChallenge(), request.scopes(), granted, request.nonce(), now.plus(CODE_LIFETIME), request.dpopJkt()));
        // RFC 6749 §4.1.2 with RFC 9207 §2: code, state and iss, to the exact redirect URI of the pushed request.
        return new FlowStep.ToClient(AuthorizationResponses.success(request.redirectUri(), code, request.state(), issuer));
    }

    /** The user cancelled the sign-in (from any stage): the client hears access_denied. */
    public FlowStep cancel(String sessionToken, String csrfToken) {
        Interaction interaction = checked(sessionToken, csrfToken);
        return endWithError(sessionToken, interaction, "access_denied", "the user cancelled the sign-in");
    }

    private FlowStep endWithError(String sessionToken, Interaction interaction, String error, String description) {
        if (!interactions.finish(SecretTokens.hash(sessionToken))) {
            throw sessionLost();
        }
        PushedRequest request = interaction.request();
        // The redirect URI was verified at PAR against the client's registration, so errors may go back to it.
        URI location = AuthorizationResponses.error(request.redirectUri(), error, description, request.state(), issuer);
        return new FlowStep.ToClient(location);
    }

    private Interaction checked(String sessionToken, String csrfToken) {
        Interaction interaction = current(sessionToken);
        InteractionError.requireSameForm(interaction.csrfToken(), csrfToken);
        return interaction;
    }

    private User signedInUser(Interaction interaction) {
        return users.find(interaction.username()).filter(user -> !user.disabled())
                .orElseThrow(AuthorizationFlow::sessionLost);
    }

    private Optional<RegisteredClient> activeClient(String clientId) {
        return clients.find(clientId).filter(client -> !client.disabled());
    }

    private static InteractionError sessionLost() {
        return new InteractionError(400, "Sign-in expired", "This sign-in has expired or was already completed. "
                + "Go back to the application and start again.");
    }
}
