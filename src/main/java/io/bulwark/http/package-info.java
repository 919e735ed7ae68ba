/** HTTP vocabulary shared by the authorization server and the gateway: RFC 9457 problems and response headers every Bulwark response carries. */
package io.bulwark.http;
