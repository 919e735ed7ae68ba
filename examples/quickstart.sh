#!/usr/bin/env bash
# Bulwark quickstart: a machine client (demo-service, client credentials: it acts for itself, for no
# customer) gets a DPoP-bound access token with a signed client assertion (private_key_jwt, RFC 7523)
# and a DPoP proof (RFC 9449), then reads the demo bank's product catalogue through the gateway,
# proving with a fresh DPoP proof that it holds the key the token is bound to. Customers' accounts
# need a customer's consent: see examples/sign-in.sh.
# Start the demo first (./bulwark demo) and run this from the repository root.
set -euo pipefail
DATA="${BULWARK_DATA:-bulwark-data}"
AS="${BULWARK_AS:-https://localhost:8443}"
GATEWAY="${BULWARK_GATEWAY:-https://localhost:9443}"
CLIENT="$DATA/demo/clients/demo-service.json"

# 1. A one-time assertion signed with the client's private key (iss=sub=client_id, aud=issuer, 60 s).
ASSERTION="$(./bulwark client-assertion --client "$CLIENT")"

# 2. A DPoP proof for the token request: signed with the client's DPoP key, for POST <token endpoint>.
PROOF="$(./bulwark dpop-proof --client "$CLIENT" --method POST --url "$AS/token")"

# 3. The token request: client_credentials, authenticated by the assertion, bound to the DPoP key.
RESPONSE="$(curl -sS --fail-with-body --cacert "$DATA/tls/ca.pem" "$AS/token" \
  -H "DPoP: $PROOF" \
  -d grant_type=client_credentials \
  --data-urlencode "scope=products:read" \
  -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
  --data-urlencode "client_assertion=$ASSERTION")"
TOKEN="$(printf '%s' "$RESPONSE" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
echo "Access token (RFC 9068 JWT, DPoP-bound, 5 minutes): ${TOKEN:0:40}..." >&2

# 4. The call through the gateway: the token under the DPoP scheme (never the query), and a new
#    proof for GET <this URL> that carries the token's hash (ath). A stolen token alone is useless.
URL="$GATEWAY/bank/v1/products"
PROOF="$(./bulwark dpop-proof --client "$CLIENT" --method GET --url "$URL" --access-token "$TOKEN")"
curl -sS --fail-with-body --cacert "$DATA/tls/ca.pem" -H "Authorization: DPoP $TOKEN" -H "DPoP: $PROOF" "$URL"
echo
