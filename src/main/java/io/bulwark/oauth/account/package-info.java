/**
 * The user's own account pages at the authorization server: a short sign-in of their own (password, then
 * TOTP when the user has a second factor, through the same checks as the authorization flow) and the
 * grants the user has given, each of which they may revoke (Grant Management: "a user can list and revoke a grant").
 */
package io.bulwark.oauth.account;
