#!/usr/bin/env bash
# Slow clients against `parallax serve` (release build, demo articles stored): CONNECTIONS
# (default 20,000) connections that each send half a request's headers and stall; reports how
# long the server kept them, /healthz latency throughout, and memory before, at the peak and a
# minute after. Then SIGTERM with 100 stalled clients connected: how long the server takes to
# stop. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${CONNECTIONS:-20000}
port=${PORT:-8393}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build -q --release -p parallax
bin=target/release/parallax
$bin --data-dir "$work/data" ingest examples/demo 2>&1 | tail -1
start_server() {
  $bin --data-dir "$work/data" serve --addr "127.0.0.1:$port" 2>>"$work/server.log" &
  server=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
}
start_server
python3 bench/slowloris.py "$port" "$server" "$connections"

python3 - "$port" <<'PY' &
import socket, sys, time
held = []
for _ in range(100):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    held.append(s)
time.sleep(60)
PY
clients=$!
sleep 2
start=$(date +%s.%N)
kill -TERM "$server"
wait "$server" || true
end=$(date +%s.%N)
printf '{"sigterm_with_100_stalled_clients_s": %.2f}\n' "$(echo "$end - $start" | bc)"
kill "$clients" 2>/dev/null || true
