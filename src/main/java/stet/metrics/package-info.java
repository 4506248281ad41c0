/**
 * What a stet node reports about itself: Prometheus metrics through Micrometer at
 * {@code GET /metrics} (request latency per route template, save outcomes, merges,
 * the connection pool, the JVM) and one log line per request. One registry per app,
 * built in the composition root; nothing here is static or global.
 */
package stet.metrics;
