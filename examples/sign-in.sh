#!/usr/bin/env bash
# Bulwark sign-in: the FAPI 2.0 authorization-code flow by hand. The partner pushes its request
# (PAR, RFC 9126) with a client assertion, a PKCE S256 challenge and a DPoP proof that binds the code
# to its DPoP key (RFC 9449 §10); you sign in and consent in a browser; the partner exchanges the code
# for a DPoP-bound access token and reads the bank as that user, with a fresh proof on each call.
# Start the demo first (./bulwark demo) and run this from the repository root.
set -euo pipefail
DATA="${BULWARK_DATA:-bulwark-data}"
AS="${BULWARK_AS:-https://localhost:8443}"
GATEWAY="${BULWARK_GATEWAY:-https://localhost:9443}"
CLIENT="$DATA/demo/clients/demo-partner.json"
REDIRECT_URI="https://localhost:8445/callback"
# What the partner asks for (RFC 9396). For a payment, which needs the TOTP step, try:
# DETAILS='[{"type":"payment_initiation","instructedAmount":{"amount":"12.50","currency":"EUR"},
#   "creditorName":"Merchant A","creditorAccount":{"iban":"DE02100100109307118603"}}]' SCOPE=payments:write
ACCOUNT_ACCESS='[{"type":"account_information","actions":["list_accounts","read_balances"]}]'
DETAILS="${DETAILS:-$ACCOUNT_ACCESS}"
SCOPE="${SCOPE:-accounts:read balances:read}"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# 1. PKCE (RFC 7636): a random verifier kept by the partner, and its SHA-256 sent with the request.
VERIFIER="$(openssl rand 32 | b64url)"
CHALLENGE="$(printf '%s' "$VERIFIER" | openssl dgst -sha256 -binary | b64url)"
STATE="$(openssl rand -hex 12)"

# 2. The pushed authorization request, authenticated like a token request (private_key_jwt). Its DPoP
#    proof (for POST <PAR endpoint>) binds the code: only a proof of the same key can redeem it.
PAR="$(curl -sS --fail-with-body --cacert "$DATA/tls/ca.pem" "$AS/par" \
  -H "DPoP: $(./bulwark dpop-proof --client "$CLIENT" --method POST --url "$AS/par")" \
  -d response_type=code -d client_id=demo-partner --data-urlencode "redirect_uri=$REDIRECT_URI" \
  --data-urlencode "scope=$SCOPE" --data-urlencode "authorization_details=$DETAILS" -d "state=$STATE" \
  -d "code_challenge=$CHALLENGE" -d code_challenge_method=S256 \
  -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
  --data-urlencode "client_assertion=$(./bulwark client-assertion --client "$CLIENT")")"
REQUEST_URI="$(printf '%s' "$PAR" | sed -E 's/.*"request_uri":"([^"]+)".*/\1/')"

# 3. The browser: only client_id and the request_uri travel in the URL. Open it within 60 seconds.
echo "Open this in your browser within 60 seconds, sign in as alice or bob (the demo printed their"
echo "passwords; for a payment, ./bulwark users totp alice prints the code) and choose Allow:"
echo
echo "  $AS/authorize?client_id=demo-partner&request_uri=$(printf '%s' "$REQUEST_URI" | sed 's/:/%3A/g')"
echo
echo "The browser then tries $REDIRECT_URI (nothing listens there: the page fails to load)."
read -r -p "Paste the address from the browser's address bar: " LANDED

# 4. The partner checks the response (state and iss, RFC 9207) and exchanges the code at once (it lives
#    60 seconds), with a DPoP proof for POST <token endpoint>: the token is bound to the same key.
param() { printf '%s' "$LANDED" | tr '?&' '\n\n' | sed -n "s/^$1=//p" | head -n1; }
[ "$(param state)" = "$STATE" ] || { echo "state does not match: not our request" >&2; exit 1; }
[ "$(param iss | sed 's/%3A/:/g; s/%2F/\//g')" = "$AS" ] || { echo "iss is not $AS (RFC 9207): refusing the response" >&2; exit 1; }
CODE="$(param code)"
[ -n "$CODE" ] || { echo "no code in the response: $(param error) $(param error_description)" >&2; exit 1; }
RESPONSE="$(curl -sS --fail-with-body --cacert "$DATA/tls/ca.pem" "$AS/token" \
  -H "DPoP: $(./bulwark dpop-proof --client "$CLIENT" --method POST --url "$AS/token")" \
  -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" \
  -d "code_verifier=$VERIFIER" \
  -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
  --data-urlencode "client_assertion=$(./bulwark client-assertion --client "$CLIENT")")"
TOKEN="$(printf '%s' "$RESPONSE" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
echo "Granted: $(printf '%s' "$RESPONSE" | sed -E 's/.*"scope":"([^"]*)".*/\1/')" >&2
echo "Authorization details: $(printf '%s' "$RESPONSE" | sed -nE 's/.*"authorization_details":(\[.*\]).*/\1/p')" >&2

# 5. The bank, through the gateway, as the user who signed in: only their own accounts. The token goes
#    under the DPoP scheme, with a new proof for GET <this URL> carrying the token's hash (ath).
case " $SCOPE " in
  *" accounts:read "*)
    URL="$GATEWAY/bank/v1/accounts"
    PROOF="$(./bulwark dpop-proof --client "$CLIENT" --method GET --url "$URL" --access-token "$TOKEN")"
    curl -sS --fail-with-body --cacert "$DATA/tls/ca.pem" -H "Authorization: DPoP $TOKEN" -H "DPoP: $PROOF" "$URL"
    echo ;;
  *) echo "Access token (RFC 9068 JWT, DPoP-bound, 5 minutes): $TOKEN" ;;
esac
