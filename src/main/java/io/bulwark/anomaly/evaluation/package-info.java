/** How well a detector separates labelled normal and attack requests: ROC AUC and operating points at fixed false-positive rates. */
package io.bulwark.anomaly.evaluation;
