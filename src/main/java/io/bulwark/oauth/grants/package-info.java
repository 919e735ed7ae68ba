/**
 * Grants: what a user allowed a client (scopes and authorization details). A grant is recorded when
 * the user consents, before any code or token exists, so that a revocation never races ahead of it;
 * every token issued from it carries its {@code grant_id}, so that revoking it can reach them all.
 */
package io.bulwark.oauth.grants;
