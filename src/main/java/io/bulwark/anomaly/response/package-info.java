/**
 * What the node does with anomaly alerts (docs/ANOMALY.md, "Responses"): {@link io.bulwark.anomaly.response.AnomalyResponder}
 * picks an action by the rules of {@code anomaly.responses} (record, alert, throttle, step-up, suspend, revoke), within
 * the allow-list and the global circuit, and takes it in {@code enforce} or only records it in {@code observe}; {@link
 * io.bulwark.anomaly.response.AnomalyActions} ends actions (expiry, an operator's lift) and acknowledges them. The actions
 * live behind the {@link io.bulwark.anomaly.response.AnomalyActionStore} port; the gateway reads throttles through {@link
 * io.bulwark.anomaly.response.ActiveThrottles} and the sign-in reads step-ups through {@link
 * io.bulwark.anomaly.response.StepUpFlags}. Plain Java, off the request path.
 */
package io.bulwark.anomaly.response;
