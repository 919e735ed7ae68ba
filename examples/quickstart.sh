#!/usr/bin/env bash
# Bulwark quickstart: a partner client gets an access token with a signed client assertion
# (private_key_jwt, RFC 7523), then reads the demo bank's accounts through the gateway.
# Start the demo first (./bulwark demo) and run this from the repository root.
set -euo pipefail
DATA="${BULWARK_DATA:-bulwark-data}"
AS="${BULWARK_AS:-https://localhost:8443}"
GATEWAY="${BULWARK_GATEWAY:-https://localhost:9443}"
CLIENT="$DATA/demo/clients/demo-partner.json"

# 1. A one-time assertion signed with the client's private key (iss=sub=client_id, aud=issuer, 60 s).
ASSERTION="$(./bulwark client-assertion --client "$CLIENT")"

# 2. The token request: client_credentials, authenticated by that assertion.
RESPONSE="$(curl -sS --fail-with-body --cacert "$DATA/tls/ca.pem" "$AS/token" \
  -d grant_type=client_credentials \
  --data-urlencode "scope=accounts:read balances:read" \
  -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
  --data-urlencode "client_assertion=$ASSERTION")"
TOKEN="$(printf '%s' "$RESPONSE" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
echo "Access token (RFC 9068 JWT, 5 minutes): ${TOKEN:0:40}..." >&2

# 3. The call, through the gateway, with the token in the Authorization header (never the query).
curl -sS --fail-with-body --cacert "$DATA/tls/ca.pem" -H "Authorization: Bearer $TOKEN" "$GATEWAY/bank/v1/accounts"
echo
