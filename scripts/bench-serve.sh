#!/usr/bin/env bash
# Load test of `POST /api/v1/check` with wrk: throughput and latency percentiles (p50, p99) of
# the release server on this machine, for a typical email-length reply.
#
# Two runs: one client sending one request after another (what a person typing in the
# workspace experiences: each keystroke pause sends one check), then 32 connections at once
# (a help desk checking every outgoing reply). Needs `wrk` (Debian: apt-get install wrk).
#   scripts/bench-serve.sh            DURATION=10s by default; TACT_BIN=path skips the build
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
tact="${TACT_BIN:-}"
if [ -z "$tact" ]; then
  cargo build --release -p tact >/dev/null
  tact=target/release/tact
fi
source scripts/fresh-server.sh
fresh_server "$tact" bench agent

body=$(python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read(), "customer": open(sys.argv[2]).read()}))' \
  examples/double-charge.txt examples/double-charge.customer.txt)
cat >"$work/check.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = [==[$body]==]
done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF
# One request to make sure the endpoint answers 200 before measuring.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' --data "$body" "$base/api/v1/check")
[ "$code" = 200 ] || { echo "POST /api/v1/check answered $code" >&2; exit 1; }

echo "reply: examples/double-charge.txt ($(wc -c <examples/double-charge.txt) bytes) with the customer's message"
printf 'one client, one request at a time: '
wrk -t1 -c1 -d"${DURATION:-10s}" -s "$work/check.lua" "$base/api/v1/check" | tail -1
printf '32 connections, 2 threads:         '
wrk -t2 -c32 -d"${DURATION:-10s}" -s "$work/check.lua" "$base/api/v1/check" | tail -1
