/**
 * The authorization server's HTML pages (sign-in, second factor, consent, error), rendered on the
 * server: no JavaScript, no third-party assets, every value escaped, one first-party stylesheet.
 */
package io.bulwark.oauth.pages;
