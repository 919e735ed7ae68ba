package io.bulwark.runtime;

import io.bulwark.audit.SecurityEventSink;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.AccessTokenIssuer;
import io.bulwark.oauth.AuthorizationCodeGrant;
import io.bulwark.oauth.RefreshTokenGrant;
import io.bulwark.oauth.account.AccountSignIn;
import io.bulwark.oauth.account.OwnGrants;
import io.bulwark.oauth.authorize.AuthorizationFlow;
import io.bulwark.oauth.clientauth.ClientAuthenticator;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.oauth.consent.Consent;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.http.AccountRoutes;
import io.bulwark.oauth.http.AuthorizationEndpointRoutes;
import io.bulwark.oauth.par.PushedAuthorizationEndpoint;
import io.bulwark.oauth.refresh.RefreshTokenIssuer;
import io.bulwark.oauth.users.LoginAttempts;
import io.bulwark.oauth.users.LoginGuard;
import io.bulwark.oauth.users.PasswordHasher;
import io.bulwark.oauth.users.SignInCheck;
import io.bulwark.oauth.users.UserAccounts;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.store.KeySealer;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The authorization-code flow's parts, built once from the store's ports: the token endpoint's
 * grant, the PAR and authorization endpoints' routes, and the user registry the demo fills.
 *
 * @param codeGrant the token endpoint's {@code authorization_code} grant
 * @param refreshGrant the token endpoint's {@code refresh_token} grant
 * @param routes    the PAR endpoint, the authorization endpoint's pages and the users' own grants pages
 * @param users     creates and updates users (hashing and sealing their secrets)
 */
record AuthorizationCodeFlowParts(AuthorizationCodeGrant codeGrant, RefreshTokenGrant refreshGrant, AuthorizationEndpointRoutes routes,
                                  UserAccounts users) {

    static AuthorizationCodeFlowParts build(String issuer, String audience, JdbcStore store, KeySealer sealer,
                                            ClientAuthenticator clientAuthentication, DpopProofVerifier dpop, AccessTokenIssuer tokens,
                                            Duration refreshTokenLifetime, AccountDirectory accounts, LoginGuard loginGuard,
                                            AuthenticationGuard clientGuard, SecurityEventSink events,
                                            io.bulwark.oauth.core.AuthorizationServerOutcomes outcomes, InstantSource clock) {
        PasswordHasher hasher = new PasswordHasher();
        LoginAttempts loginAttempts = new LoginAttempts(store.users(), hasher, sealer, loginGuard, events, clock);
        Consent consent = new Consent(accounts);
        AuthorizationFlow flow = new AuthorizationFlow(issuer, store.clients(), store.pushedRequests(), store.interactions(),
                store.authorizationCodes(), store.grants(), store.users(), loginAttempts, consent, AnomalyResponses.stepUps(store, clock), clock);
        // The users' own grants pages sign in through the same checks and guard as the flow, with sessions of their own.
        AccountRoutes account = new AccountRoutes(
                new AccountSignIn(store.accountSessions(), store.users(), new SignInCheck(loginAttempts), clock),
                new OwnGrants(store.grants(), store.clients(), consent, clock));
        PushedAuthorizationEndpoint par = new PushedAuthorizationEndpoint(new GuardedClientAuthentication(clientAuthentication, clientGuard),
                dpop, URI.create(issuer + "/par"), store.pushedRequests(), clock);
        RefreshTokenIssuer refreshTokens = new RefreshTokenIssuer(store.refreshTokens(), refreshTokenLifetime, clock);
        return new AuthorizationCodeFlowParts(
                new AuthorizationCodeGrant(store.authorizationCodes(), store.grants(), tokens, audience, clock, refreshTokens),
                new RefreshTokenGrant(store.refreshTokens(), refreshTokens, store.grants(), tokens, audience, clock),
                new AuthorizationEndpointRoutes(par, flow, account, outcomes),
                new UserAccounts(store.users(), hasher, sealer, clock));
    }
}
