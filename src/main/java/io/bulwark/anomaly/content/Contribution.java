package io.bulwark.anomaly.content;

/**
 * One feature's part of a request's score.
 *
 * @param field    the field it is about ({@code body.creditorName}), or the operation
 * @param feature  which model said so
 * @param surprise how unlikely under the learned model, as {@code -ln p}
 * @param reason   the sentence an operator reads, quoting characters and numbers, never values
 */
record Contribution(String field, Feature feature, double surprise, String reason) {
}
