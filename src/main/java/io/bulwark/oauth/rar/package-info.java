/**
 * Rich Authorization Requests (RFC 9396): the two authorization details types Bulwark understands,
 * {@code account_information} and {@code payment_initiation}, read strictly from JSON (anything
 * unknown or malformed is refused) and written back for tokens, responses and the store.
 */
package io.bulwark.oauth.rar;
