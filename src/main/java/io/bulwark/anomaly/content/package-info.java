/**
 * The request-content detector (docs/ANOMALY.md, "Content detector"): per operation and per field, what normal values
 * look like (length, characters, structure, enumerations, presence and order), after Kruegel and Vigna, "Anomaly
 * detection of web-based attacks" (CCS 2003); each request scored with the reasons why, against a threshold calibrated on
 * held-out normal traffic. {@link io.bulwark.anomaly.content.ContentModel} is the learned state and its file;
 * {@link io.bulwark.anomaly.content.ContentDetector} scores and keeps learning.
 */
package io.bulwark.anomaly.content;
