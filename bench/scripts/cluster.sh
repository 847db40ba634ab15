#!/usr/bin/env bash
# Cluster figures on one machine, over loopback, through the gateway's API:
#
#   overhead      the same first backup on one node (serve, every role in one JVM) and on a
#                 two-node cluster whose only hashers are on the second node (store, scanner and
#                 gateway on the first); the ratio of the two jobs' elapsed times.
#   wire economy  on that cluster, a re-backup after 1% of the tree's bytes changed (a region in
#                 the middle of each large file is overwritten); bytes sent over the bus
#                 (counters.bytesSent: chunk bytes hashers put to the store on the other node) as a
#                 fraction of the tree's size.
#
# The tree: 2,000 files of 64 KiB in 4 directories and 4 files of 64 MiB, random bytes (384 MiB).
# Both nodes run with bin/cairn's JVM options. Elapsed times are the jobs' own (elapsedMillis).
#
# Usage: bench/scripts/cluster.sh [WORKDIR]   (needs gateway/target/cairn.jar, curl and python3)

set -Eeuo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/cairn-cluster.XXXXXX")}
cairn="$home/bin/cairn"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

make_tree() {
  python3 - "$1" <<'EOF'
import os, random, sys
root = sys.argv[1]
rng = random.Random(5)
for d in range(4):
    os.makedirs(f"{root}/dir-{d}", exist_ok=True)
    for f in range(500):
        with open(f"{root}/dir-{d}/file-{f}.bin", "wb") as out:
            out.write(rng.randbytes(64 << 10))
for b in range(4):
    with open(f"{root}/big-{b}.bin", "wb") as out:
        for _ in range(64):
            out.write(rng.randbytes(1 << 20))
EOF
}

# Overwrites 1% of the tree's bytes: a region in the middle of each large file.
change_one_percent() {
  python3 - "$1" <<'EOF'
import os, random, sys
root = sys.argv[1]
total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
# Fresh bytes every time, so a rerun on the same work directory changes the tree again.
rng = random.Random(os.urandom(16))
region = total // 100 // 4
for b in range(4):
    with open(f"{root}/big-{b}.bin", "r+b") as out:
        out.seek((64 << 20) // 2)
        out.write(rng.randbytes(region))
print(total)
EOF
}

wait_ready() {
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "node on port $1 never became ready" >&2
  exit 1
}

# Runs a job through the gateway on port $1 with request $2; prints the ended job's JSON.
job() {
  local id
  id=$(curl -sf "http://127.0.0.1:$1/api/jobs" -H 'Content-Type: application/json' -d "$2" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    local json
    json=$(curl -sf "http://127.0.0.1:$1/api/jobs/$id")
    if python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1])["finished"] else 1)' "$json"; then
      echo "$json"
      return
    fi
    sleep 0.5
  done
}

field() { python3 -c "import json,sys; j=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, {'j': j}))" "$1" "$2"; }

stop_nodes() {
  for p in "${pids[@]}"; do kill "$p"; done
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}

src="$work/src"
[[ -d "$src" ]] || make_tree "$src"
backup="{\"type\": \"backup\", \"paths\": [\"$src\"], \"source\": \"shared\"}"

# One node.
rm -rf "$work/repo-one"
"$cairn" serve --repo "$work/repo-one" --port 18180 --allow-path "$src" >"$work/one.log" 2>&1 &
pids+=($!)
wait_ready 18180
one=$(job 18180 "$backup")
stop_nodes
one_ms=$(field "$one" 'j["elapsedMillis"]')

# Two nodes: store, scanner and gateway; hashers.
rm -rf "$work/repo-two"
members=127.0.0.1:15801,127.0.0.1:15802
# The nodes speak mutual TLS, as every cluster without --insecure does.
rm -rf "$work/ca" "$work/node"
"$cairn" cluster ca --out "$work/ca" >/dev/null
"$cairn" cluster cert node --ca "$work/ca" --out "$work/node" --san 127.0.0.1 >/dev/null
trust=(--cluster-ca "$work/node/ca.pem" --cluster-cert "$work/node/node.pem" --cluster-key "$work/node/node-key.pem"
  --cluster-secret "$work/node/cluster.secret")
common=(--cluster --cluster-name "bench-$$" --members "$members" --bus-host 127.0.0.1 --host 127.0.0.1 "${trust[@]}")
"$cairn" serve "${common[@]}" --roles store,scanner,gateway --repo "$work/repo-two" --port 18181 --allow-path "$src" \
  --cluster-port 15801 >"$work/a.log" 2>&1 &
pids+=($!)
"$cairn" serve "${common[@]}" --roles hasher --port 18182 --cluster-port 15802 >"$work/b.log" 2>&1 &
pids+=($!)
wait_ready 18182
wait_ready 18181
two=$(job 18181 "$backup")
two_ms=$(field "$two" 'j["elapsedMillis"]')
total=$(change_one_percent "$src")
again=$(job 18181 "$backup")
stop_nodes

echo "tree: $(field "$one" 'j["counters"]["filesDone"]') files, $total bytes"
echo "one node:           $one_ms ms  ($(field "$one" 'j["state"]'))"
echo "two nodes:          $two_ms ms  ($(field "$two" 'j["state"]'), workers $(field "$two" 'list(j["workers"].values())'))"
echo "overhead:           $(python3 -c "print(f'{$two_ms / $one_ms:.2f}x')")"
sent=$(field "$again" 'j["counters"]["bytesSent"]')
echo "re-backup, 1% changed: read $(field "$again" 'j["counters"]["bytesRead"]') bytes, stored $(field "$again" 'j["counters"]["bytesNew"]'), sent over the bus $sent"
echo "wire economy:       $(python3 -c "print(f'{$sent / $total:.4f} of the tree ({100 * $sent / $total:.2f}%)')")"
