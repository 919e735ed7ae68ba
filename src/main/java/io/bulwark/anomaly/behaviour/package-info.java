/**
 * The behaviour detector (docs/ANOMALY.md, "Behaviour detector"): each client's and each user's decision events counted
 * per window ({@link io.bulwark.anomaly.behaviour.WindowCounts}), turned into features, and scored by a thresholded
 * Random Cut Forest per identity (a population forest per kind while an identity warms up); alerts name the feature and
 * its usual range. Windows from several nodes meet in the store and one node at a time scores each identity (a lease per
 * shard). Plain Java over its three store ports; off the request path.
 */
package io.bulwark.anomaly.behaviour;
