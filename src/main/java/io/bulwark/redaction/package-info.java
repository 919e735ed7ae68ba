/**
 * What must never be written in the clear, and how it is masked: card numbers, credentials, tokens, keys and the fields
 * the API contracts classify. Shared by the audit trail and the logging layer; depends on nothing else in Bulwark.
 */
package io.bulwark.redaction;
