# Sourced by the scripts that test a running server: `fresh_server TACT LOGIN ROLE` starts
# `tact serve` on a free port over a new SQLite database with one user, LOGIN, who has an API
# token. It sets `work` (a scratch folder, removed on exit with the server stopped), `base` (the
# server's URL) and `token`; the server's stderr is in "$work/serve.err".
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fresh_server() {
  local tact="$1" login="$2" role="$3"
  local db="sqlite://$work/tact.db"
  printf 'correct horse battery staple\n' | "$tact" --db "$db" users add "$login" --team support --role "$role" >/dev/null
  token=$("$tact" --db "$db" tokens create "$login" --name "$login")
  "$tact" --db "$db" serve --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q 'listening on' "$work/serve.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  base=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
  if [ -z "$base" ]; then
    echo "tact serve did not start:" >&2
    cat "$work/serve.err" >&2
    exit 1
  fi
}
