#!/usr/bin/env bash
# Measure the case store on synthetic data (no real customer records):
#   - `tact import` of N messages (default 100,000) into a fresh SQLite file, every reply
#     checked and its promises dated;
#   - `tact report` over that store.
# Usage: scripts/bench_store.sh [MESSAGES] [--db URL]   (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
DB="${2:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release -p tact >/dev/null 2>&1 || cargo build --release -p tact
tact=./target/release/tact
python3 scripts/gen_conversations.py --messages "$N" > "$work/conversations.jsonl"
url="${DB:-sqlite://$work/tact.db}"
echo "messages: $N ($(du -h "$work/conversations.jsonl" | cut -f1) of JSON Lines), database: ${url%%\?*}"
now() { date +%s.%N; }
t0=$(now)
"$tact" --db "$url" import "$work/conversations.jsonl"
t1=$(now)
"$tact" --db "$url" report > "$work/report.txt"
t2=$(now)
"$tact" --db "$url" report --since 2026-06-15T00:00:00Z --format json > /dev/null
t3=$(now)
"$tact" --db "$url" import "$work/conversations.jsonl" > /dev/null
t4=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" 'BEGIN {
  printf "import:           %6.2f s\n", b - a
  printf "report:           %6.2f s\n", c - b
  printf "report --since:   %6.2f s\n", d - c
  printf "import again:     %6.2f s (adds nothing)\n", e - d
}'
[ -n "$DB" ] || echo "database size: $(du -h "$work/tact.db" | cut -f1)"
echo "--- report"
cat "$work/report.txt"
