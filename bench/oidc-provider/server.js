// The certified peer of bench/token-endpoint.sh: panva's oidc-provider serving the client_credentials grant
// over HTTPS (HTTP/1.1 keep-alive, one Node process), with private_key_jwt (ES256) + DPoP and tls_client_auth
// + certificate-bound tokens, JWT access tokens signed ES256 (resource indicators, accessTokenFormat 'jwt').
//
// Usage: node server.js <settings.json>, where the harness writes settings.json:
//   { "port", "issuer", "tlsKey", "tlsCert", "tlsCa", "signingJwk", "resource",
//     "clients": { "<id>": { "jwks" | "subjectDn", "scope", "dpop" } } }
// (paths to PEM files; signingJwk a private ES256 JWK; jwks a public JWK Set). Prints "oidc-provider ready".
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import Provider from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const clients = Object.entries(settings.clients).map(([clientId, client]) => {
  const common = {
    client_id: clientId,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    scope: client.scope,
    // The provider's only key is ES256; the RS256 default would be refused (no ID tokens are issued here anyway).
    id_token_signed_response_alg: 'ES256',
  };
  if (client.subjectDn) {
    // RFC 8705 §2.1 and §3: authenticated by its certificate, which its tokens are bound to.
    return {
      ...common,
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: client.subjectDn,
      tls_client_certificate_bound_access_tokens: true,
    };
  }
  return {
    ...common,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: client.jwks,
    // RFC 9449 §5.2: a proof is required for this client, as for Bulwark's demo-service.
    dpop_bound_access_tokens: client.dpop === true,
  };
});

const scopes = [...new Set(Object.values(settings.clients).flatMap((c) => c.scope.split(' ')))];

const provider = new Provider(settings.issuer, {
  clients,
  // Production settings: cookie signing keys of its own (no cookies are set for client_credentials, but it warns without).
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  clientAuthMethods: ['private_key_jwt', 'tls_client_auth'],
  enabledJWA: { clientAuthSigningAlgValues: ['ES256'], dPoPSigningAlgValues: ['ES256'] },
  jwks: { keys: [settings.signingJwk] },
  scopes,
  // As Bulwark's: access tokens live 5 minutes.
  ttl: { ClientCredentials: 300 },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    // No nonce, as Bulwark's default DpopConfig; proofs are still checked for replay (jti).
    dPoP: { enabled: true },
    mTLS: {
      enabled: true,
      tlsClientAuth: true,
      certificateBoundAccessTokens: true,
      getCertificate: (ctx) => ctx.socket.getPeerX509Certificate?.(),
      certificateAuthorized: (ctx) => ctx.socket.authorized === true,
      // Node lists the subject's RDNs one a line, most significant first; RFC 2253 writes them the other way round.
      certificateSubjectMatches: (ctx, property, expected) => property === 'tls_client_auth_subject_dn'
        && ctx.socket.getPeerX509Certificate().subject.split('\n').reverse().join(',') === expected,
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => settings.resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== settings.resource) {
          throw new Provider.errors.InvalidTarget();
        }
        return {
          scope: scopes.join(' '),
          audience: settings.resource,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
});

const tls = {
  key: readFileSync(settings.tlsKey),
  cert: readFileSync(settings.tlsCert),
  ca: readFileSync(settings.tlsCa),
  // Asks every client for a certificate; those without one (the private_key_jwt clients) still get in.
  requestCert: true,
  rejectUnauthorized: false,
  minVersion: 'TLSv1.2',
};
const server = https.createServer(tls, provider.callback());
// Longer than the load generator's idle connections live, so a kept-alive connection is never closed under it.
server.keepAliveTimeout = 65_000;
server.listen(settings.port, '127.0.0.1', () => {
  console.log(`oidc-provider ready on ${settings.issuer} (Node ${process.version}, NODE_ENV=${process.env.NODE_ENV})`);
});
