/**
 * Redis adapters (Lettuce): token buckets shared by every node through Bucket4j's compare-and-swap proxy, and the
 * authentication guard's failure counters as atomic Lua scripts. Every key starts with the configured prefix.
 */
package io.bulwark.ratelimit.redis;
