/** Reads APIs' OpenAPI documents into the route table: what operations exist, at which paths, needing which scopes. */
package io.bulwark.gateway.openapi;
