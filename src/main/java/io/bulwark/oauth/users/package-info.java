/**
 * The people who sign in at the authorization server: the {@link io.bulwark.oauth.users.UserRepository}
 * port, Argon2id password hashes, TOTP second factors (RFC 6238) sealed at rest, and
 * {@link io.bulwark.oauth.users.LoginAttempts}, the one place every login check and failure goes through.
 */
package io.bulwark.oauth.users;
