#!/usr/bin/env bash
# Throughput of `tact check --jsonl` end to end (read, parse, check, write JSON), on the real
# replies of ../shared/data/replies.jsonl repeated to about SIZE_MB of JSON (default 20).
# The input is built under target/ and never committed. Prints MB/s of reply text, on one
# thread and on all cores.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${SIZE_MB:-20}"
src=../shared/data/replies.jsonl
[ -f "$src" ] || { echo "needs $src" >&2; exit 2; }
cargo build --release -p tact >/dev/null
input=target/bench-replies.jsonl
python3 - "$src" "$input" "$size_mb" <<'PY'
import json, sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
recs = [json.loads(l) for l in open(src, encoding="utf-8")]
n = size = text = 0
with open(dst, "w", encoding="utf-8") as out:
    while size < mb * 1_000_000:
        for r in recs:
            line = json.dumps({"id": n, "reply": r["reply"]}) + "\n"
            out.write(line); n += 1; size += len(line); text += len(r["reply"].encode())
print(f"{n} replies, {size / 1e6:.1f} MB of JSON, {text / 1e6:.1f} MB of reply text", file=sys.stderr)
with open(dst + ".textbytes", "w") as f:
    f.write(str(text))
PY
text_bytes=$(cat "$input.textbytes")
for threads in 1 0; do
  start=$(date +%s.%N)
  ./target/release/tact check --jsonl --threads "$threads" "$input" >/dev/null || true
  end=$(date +%s.%N)
  python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); print(f'threads={sys.argv[4] if sys.argv[4] != \"0\" else \"all\"}: {t:.2f} s, {int(sys.argv[3])/t/1e6:.1f} MB/s of reply text')" "$start" "$end" "$text_bytes" "$threads"
done
