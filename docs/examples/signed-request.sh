#!/usr/bin/env bash
# Calls the Intake API with nothing but curl and openssl.
#   INTAKE_URL=http://localhost:3000 INTAKE_KEY_ID=ik_... INTAKE_SECRET=iks_... \
#     docs/examples/signed-request.sh GET /api/v1/templates
#   ... docs/examples/signed-request.sh POST /api/v1/uploads '{"fileName":"a.csv","size":120}'
set -euo pipefail
method="${1:?method}"; path_and_query="${2:?path}"; body="${3:-}"
url="${INTAKE_URL:-http://localhost:3000}"
path="${path_and_query%%\?*}"
query=""; [[ "$path_and_query" == *\?* ]] && query="${path_and_query#*\?}"
# Canonical query: pairs sorted by name then value (this script expects them already RFC 3986-encoded).
canonical_query=$(printf '%s' "$query" | tr '&' '\n' | grep -v '^$' | LC_ALL=C sort | paste -sd '&' - || true)

timestamp=$(date +%s)
nonce=$(openssl rand -hex 16)
body_hash=$(printf '%s' "$body" | openssl dgst -sha256 -hex | awk '{print $NF}')
content_type=""; [[ -n "$body" ]] && content_type="application/json"

if [[ -n "$content_type" ]]; then
  signed_headers="content-type;x-intake-content-sha256;x-intake-date;x-intake-nonce"
  header_lines=$(printf 'content-type:%s\nx-intake-content-sha256:%s\nx-intake-date:%s\nx-intake-nonce:%s\n' "$content_type" "$body_hash" "$timestamp" "$nonce")
else
  signed_headers="x-intake-content-sha256;x-intake-date;x-intake-nonce"
  header_lines=$(printf 'x-intake-content-sha256:%s\nx-intake-date:%s\nx-intake-nonce:%s\n' "$body_hash" "$timestamp" "$nonce")
fi
# $(...) drops the last newline of the header lines; the canonical request keeps it, then a blank separator line.
canonical_request=$(printf '%s\n%s\n%s\n%s\n\n%s\n%s' "$method" "$path" "$canonical_query" "$header_lines" "$signed_headers" "$body_hash")
request_hash=$(printf '%s' "$canonical_request" | openssl dgst -sha256 -hex | awk '{print $NF}')
string_to_sign=$(printf 'INTAKE1-HMAC-SHA256\n%s\n%s\n%s' "$timestamp" "$nonce" "$request_hash")
signature=$(printf '%s' "$string_to_sign" | openssl dgst -sha256 -hmac "$INTAKE_SECRET" -hex | awk '{print $NF}')

args=(--silent --show-error --request "$method" "$url$path_and_query"
  --header "Authorization: INTAKE1-HMAC-SHA256 Credential=$INTAKE_KEY_ID, SignedHeaders=$signed_headers, Signature=$signature"
  --header "X-Intake-Date: $timestamp" --header "X-Intake-Nonce: $nonce" --header "X-Intake-Content-SHA256: $body_hash")
[[ -n "$content_type" ]] && args+=(--header "Content-Type: $content_type" --data-binary "$body")
curl "${args[@]}" --write-out '\n%{http_code}\n'
