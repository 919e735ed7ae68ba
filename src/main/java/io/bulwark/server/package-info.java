/** Vert.x plumbing shared by every Bulwark listener: writing problems and the headers every response carries. */
package io.bulwark.server;
