#!/usr/bin/env bash
# One backup of a generated tree of one million small files within a 256 MiB heap: the check that
# cairn's memory stays flat as a tree grows (docs/ARCHITECTURE.md, "Flow control").
#
# The tree is generated once per work directory, reproducibly: FILES files (default 1,000,000) of
# 64 to 1,087 bytes, 1,000 per directory, each with content made from its own index, so no two are
# alike and every file is a chunk of its own. Generation is skipped when the tree is already there.
# Each run backs up into a fresh repository with bin/cairn (the serial collector, an immediate exit
# if the heap runs out) and CAIRN_HEAP=256m, timed by /usr/bin/time -v, and prints the wall time,
# files per second, the peak resident size and the exit code.
#
# Usage: bench/scripts/million.sh [WORK_DIR]     (default: $TMPDIR/cairn-million)
# Environment:
#   FILES        how many files (default 1000000)
#   CAIRN_HEAP   heap limit (default 256m)
#   CAIRN        the launcher to run (default: bin/cairn of this checkout, which needs the jar:
#                mvn -q -DskipTests package)
#   CAIRN_JAVA_OPTS, JAVA   passed on to bin/cairn
set -Eeuo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-${TMPDIR:-/tmp}/cairn-million}
files=${FILES:-1000000}
cairn=${CAIRN:-$home/bin/cairn}
export CAIRN_HEAP=${CAIRN_HEAP:-256m}
tree="$work/tree-$files"
repo="$work/repo"

[[ -x /usr/bin/time ]] || { echo "million.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$work"

if [[ ! -e "$tree/.complete" ]]; then
  echo "generating $files files under $tree ..."
  rm -rf "$tree"
  start=$(date +%s)
  python3 - "$tree" "$files" <<'PY'
import hashlib, os, sys
root, count = sys.argv[1], int(sys.argv[2])
per_dir = 1000
for i in range(count):
    d = os.path.join(root, "d%04d" % (i // per_dir // 100), "d%06d" % (i // per_dir))
    if i % per_dir == 0:
        os.makedirs(d, exist_ok=True)
    seed = hashlib.blake2b(i.to_bytes(8, "little"), digest_size=32).digest()
    size = 64 + seed[0] * 4 + (seed[1] & 3)
    body = (seed * (size // 32 + 1))[:size]
    with open(os.path.join(d, "f%07d" % i), "wb") as f:
        f.write(body)
PY
  touch "$tree/.complete"
  echo "generated in $(( $(date +%s) - start )) s"
fi

rm -rf "$repo"
log="$work/backup.log"
echo "backing up $files files with CAIRN_HEAP=$CAIRN_HEAP ..."
set +e
/usr/bin/time -v "$cairn" backup --repo "$repo" "$tree" >"$work/backup.out" 2>"$log"
code=$?
set -e
wall=$(grep -F 'Elapsed (wall clock) time' "$log" | awk '{print $NF}')
rss_kb=$(grep -F 'Maximum resident set size' "$log" | awk '{print $NF}')
seconds=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
tail -n 2 "$work/backup.out"
grep -F 'throttle' "$log" | head -n 4 || true
printf 'files %d  heap %s  exit %d  wall %s s  files/s %.0f  peak RSS %d MiB\n' \
  "$files" "$CAIRN_HEAP" "$code" "$seconds" "$(awk -v f="$files" -v s="$seconds" 'BEGIN { print f / s }')" \
  "$(( rss_kb / 1024 ))"
exit "$code"
