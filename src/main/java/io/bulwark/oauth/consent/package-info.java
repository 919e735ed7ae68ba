/**
 * Consent: what the user is shown (client, scopes and every authorization detail in plain words,
 * accounts by name and masked number) and what their answer grants, never more than was asked
 * and never an account that is not theirs. Accounts come from the {@link io.bulwark.oauth.consent.AccountDirectory} port.
 */
package io.bulwark.oauth.consent;
