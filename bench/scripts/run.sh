#!/usr/bin/env bash
# End-to-end benchmark of cairn against restic and borg on the same machine and the same data.
#
# For each data set and tool, each run does, on a fresh repository:
#   first backup      of a working copy of the pristine data set
#   unchanged backup  of the same data again
#   modified backup   after a seeded modification of the working copy (datasets.py modify-*)
#   restore latest    into an empty directory, then verified against the source (not timed)
# Every step is timed with /usr/bin/time (wall seconds, peak RSS) with the page cache warm: the
# source and the repository are read once right before the step, so the figures compare the
# tools' own work rather than the disk. A restore starts at least 36 s after the previous run's
# files were deleted (see settle_deletes). With --runs N the table shows medians.
#
# Data sets (generated once per work directory by datasets.py, fixed seeds, reused afterwards):
#   large  one 1 GiB incompressible file + one ~0.5 GB compressible text file
#   tree   ~46,000 files, ~580 MB, nested directories, mostly small files, mixed text and binary
#   --quick makes both 1/10 of that.
#
# Settings chosen for fairness, as close to "no encryption, default everything else" as each
# tool allows:
#   cairn   repository format 2, the default: encrypted (AES-256-GCM), compression auto (zstd);
#           default chunker (FastCDC, 1 MiB average). CAIRN_PASSWORD=bench.
#   cairn-plain  repository format 1 (`cairn init --no-encryption`): no encryption or compression.
#   restic  always encrypts (0.14 has no unencrypted mode); RESTIC_PASSWORD=bench, `restic init`
#           with defaults: repository format 2, compression "auto" (zstd), 1 MiB average chunks.
#   borg    `borg init --encryption=none`, `borg create --compression lz4` (borg's default), default
#           chunker (buzhash, 2 MiB average).
# Each tool's cache and configuration (restic's cache, borg's cache and security directories) live
# in the work directory and are removed together with the repository after every run. The
# unchanged and modified backups use each tool's own change detection (cairn and restic: the
# previous snapshot; borg: its files cache). restic spreads its work over all cores; borg 1.2
# uses one.
#
# Environment:
#   JAVA             java binary for cairn (default: the newest JDK found, see pick_java)
#   CAIRN_JAVA_OPTS  JVM options added to those of bin/cairn, through which cairn runs (the vector
#                    module, the serial collector, a 512 MiB heap and a class-data archive)
#   CAIRN_JAR        the cairn jar to run (default: gateway/target/cairn.jar, built when missing)
#   STEP_TIMEOUT     seconds after which a step counts as hung and is killed (default 1800, 300
#                    with --quick)
#   TMPDIR           parent of the default work directory

set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
DATASETS="$SCRIPT_DIR/datasets.py"
REPORT="$SCRIPT_DIR/report.py"
CAIRN_JAR_DEFAULT="$REPO_ROOT/gateway/target/cairn.jar"
DATA_VERSION=1   # bump when datasets.py changes what it writes, so old data is regenerated

usage() {
  cat <<'EOF'
Usage: bench/scripts/run.sh [--quick] [--workdir DIR] [--runs N] [--no-peers]

End-to-end benchmark of cairn (and restic and borg, when installed) on reproducible data sets:
first backup, unchanged backup, backup after a modification, and restore (verified).

Options:
  --quick          data sets at 1/10 size (~0.16 GB + ~58 MB instead of ~1.57 GB + ~580 MB)
  --workdir DIR    where data sets, repositories and results go
                   (default: ${TMPDIR:-/tmp}/cairn-bench); data sets are kept and reused
  --runs N         run every step N times and report the median (default 1)
  --no-peers       benchmark cairn only, even when restic or borg is installed
  -h, --help       this text

Environment: JAVA (java binary for cairn), CAIRN_JAVA_OPTS (JVM options added to
those of bin/cairn), CAIRN_JAR (default gateway/target/cairn.jar),
STEP_TIMEOUT (seconds before a hung step is killed; default 1800, 300 with --quick), TMPDIR.

Results: a table on stdout, and $WORKDIR/results.md (Markdown) and results.txt.
Exit status: 0 when every step ran and every restore verified, 1 otherwise, 2 on bad usage.
EOF
}

die() { echo "run.sh: $*" >&2; exit 1; }

# ------------------------------------------------------------------------------------------------
# Arguments

QUICK=0
WORKDIR=""
RUNS=1
PEERS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --workdir) [ $# -ge 2 ] || { echo "run.sh: --workdir needs a directory" >&2; exit 2; }
               WORKDIR=$2; shift ;;
    --workdir=*) WORKDIR=${1#--workdir=} ;;
    --runs) [ $# -ge 2 ] || { echo "run.sh: --runs needs a number" >&2; exit 2; }
            RUNS=$2; shift ;;
    --runs=*) RUNS=${1#--runs=} ;;
    --no-peers) PEERS=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$RUNS" in ''|*[!0-9]*|0) echo "run.sh: --runs must be a positive integer" >&2; exit 2 ;; esac
WORKDIR=${WORKDIR:-${TMPDIR:-/tmp}/cairn-bench}
mkdir -p "$WORKDIR" || die "cannot create work directory $WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)
# The script deletes and recreates directories in its work directory: never adopt one that holds
# something else.
if [ ! -f "$WORKDIR/.cairn-bench" ]; then
  [ -z "$(ls -A "$WORKDIR")" ] \
    || die "$WORKDIR is not empty and was not made by this script; choose another --workdir"
  echo "work directory of bench/scripts/run.sh" > "$WORKDIR/.cairn-bench"
fi

if [ "$QUICK" = 1 ]; then SCALE=0.1; SCALE_NAME=quick; else SCALE=1; SCALE_NAME=full; fi
STEP_TIMEOUT=${STEP_TIMEOUT:-$([ "$QUICK" = 1 ] && echo 300 || echo 1800)}
case "$STEP_TIMEOUT" in ''|*[!0-9]*|0) echo "run.sh: STEP_TIMEOUT must be a positive number of seconds" >&2; exit 2 ;; esac
DATA_DIR="$WORKDIR/data-$SCALE_NAME"
RUN_DIR="$WORKDIR/run"        # working copy, repositories, restores, tool state: emptied per run
LOG_DIR="$WORKDIR/logs"

# ------------------------------------------------------------------------------------------------
# Free space: the pristine data (unless already generated) plus, at the peak, a working copy, a
# repository and a restore of the largest set, plus 10% and 0.5 GB of headroom.

if [ "$QUICK" = 1 ]; then LARGE_BYTES=157374182; TREE_BYTES=58000000; else LARGE_BYTES=1573741824; TREE_BYTES=580000000; fi
NEED=$(( 3 * LARGE_BYTES * 11 / 10 + 500000000 ))
[ -f "$DATA_DIR/.complete" ] || NEED=$(( NEED + LARGE_BYTES + TREE_BYTES ))
rm -rf "$RUN_DIR"   # leftovers of an interrupted run do not count as used space
AVAIL=$(df -B1 --output=avail "$WORKDIR" | tail -n 1 | tr -d ' ')
if [ "$AVAIL" -lt "$NEED" ]; then
  hint="free some space or use --workdir on a larger file system"
  [ "$QUICK" = 1 ] || hint="$hint, or try --quick"
  die "not enough free space in $WORKDIR: $(( AVAIL / 1000000 )) MB free, about $(( NEED / 1000000 )) MB needed; $hint."
fi

# ------------------------------------------------------------------------------------------------
# Tools

command -v python3 >/dev/null || die "python3 is required (apt-get install -y python3)"
[ -x /usr/bin/time ] || die "/usr/bin/time is required for peak RSS (apt-get install -y time)"

# The newest JDK: temurin-25 when installed, else the highest-versioned java under /usr/lib/jvm,
# else whatever `java` is on PATH.
java_major() {
  "$1" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9.]*\).*/\1/p' \
    | awk -F. '{ print ($1 == 1) ? $2 : $1 }'
}
pick_java() {
  local preferred=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java best="" best_major=0 j m
  if [ -x "$preferred" ]; then echo "$preferred"; return; fi
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    m=$(java_major "$j"); m=${m:-0}
    if [ "$m" -gt "$best_major" ]; then best=$j; best_major=$m; fi
  done
  if [ -n "$best" ]; then echo "$best"; return; fi
  command -v java || true
}
JAVA=${JAVA:-$(pick_java)}
if [ -z "$JAVA" ] || ! command -v "$JAVA" >/dev/null; then
  die "no java found; install a JDK 17+ (apt-get install -y openjdk-17-jdk-headless) or set JAVA"
fi
CAIRN_JAVA_OPTS=${CAIRN_JAVA_OPTS:-}

if [ -n "${CAIRN_JAR:-}" ]; then
  [ -f "$CAIRN_JAR" ] || die "CAIRN_JAR: no such file: $CAIRN_JAR"
  CAIRN_SOURCE="$CAIRN_JAR"
else
  CAIRN_JAR=$CAIRN_JAR_DEFAULT
  CAIRN_SOURCE="gateway/target/cairn.jar, source tree at $(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo "?")"
fi
if [ ! -f "$CAIRN_JAR" ]; then
  echo "Building cairn (mvn -q -B -DskipTests package) ..."
  command -v mvn >/dev/null || die "mvn is required to build cairn (apt-get install -y maven)"
  (cd "$REPO_ROOT" && mvn -q -B -DskipTests package) || die "building cairn failed"
  [ -f "$CAIRN_JAR" ] || die "the build did not produce $CAIRN_JAR"
fi
# Run a copy of the jar: a rebuild in the source tree during the benchmark must neither change
# the code under test halfway nor replace the file under a running JVM.
cp "$CAIRN_JAR" "$WORKDIR/cairn.jar"
# The jar may be older than the source tree: the header says both.
CAIRN_BUILT=$(date -u -r "$CAIRN_JAR" '+%Y-%m-%d %H:%M UTC')
# cairn runs through its launcher, as users run it, with its class-data archive kept apart.
CAIRN=(env JAVA="$JAVA" CAIRN_JAR="$WORKDIR/cairn.jar" CAIRN_CACHE="$WORKDIR/cairn-cache"
  CAIRN_JAVA_OPTS="$CAIRN_JAVA_OPTS" "$REPO_ROOT/bin/cairn")
CAIRN_VERSION=$("${CAIRN[@]}" --version 2>/dev/null | sed -n 1,4p) \
  || die "cairn does not start: ${CAIRN[*]} --version failed"

TOOLS=(cairn cairn-plain)
MISSING=()
if [ "$PEERS" = 1 ]; then
  if command -v restic >/dev/null; then TOOLS+=(restic); else MISSING+=(restic); fi
  if command -v borg >/dev/null; then TOOLS+=(borg); else MISSING+=(borgbackup); fi
fi

# ------------------------------------------------------------------------------------------------
# Clean-up: whatever happens, leave no repositories, restores or working copies behind (the
# pristine data sets and the logs stay). Every command runs in the foreground, so nothing keeps
# running after the script.

cleanup() { rm -rf "$RUN_DIR"; }
trap cleanup EXIT
trap 'echo "run.sh: command failed (line $LINENO): $BASH_COMMAND" >&2' ERR
trap 'echo; echo "run.sh: interrupted" >&2; exit 130' INT TERM

# ------------------------------------------------------------------------------------------------
# Data sets

generate_data() {
  local marker="$DATA_DIR/.complete"
  local want="cairn-bench data v$DATA_VERSION scale=$SCALE"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
    echo "Data sets: reusing $DATA_DIR"
    return
  fi
  echo "Data sets: generating into $DATA_DIR (scale $SCALE) ..."
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  local start=$SECONDS
  python3 "$DATASETS" generate "$DATA_DIR" --scale "$SCALE" || die "generating the data sets failed"
  sync
  echo "$want" > "$marker"
  echo "Data sets: generated in $(( SECONDS - start )) s"
}

# "<bytes> <files>" of the regular files under a directory.
data_stats() { python3 "$DATASETS" stats "$1"; }

# Read everything under the given directories so the next step finds it in the page cache; flush
# dirty pages first so write-back of the previous step does not run during the measurement.
warm() {
  local d present=()
  for d in "$@"; do
    if [ -e "$d" ]; then present+=("$d"); fi
  done
  sync
  if [ ${#present[@]} -gt 0 ]; then
    find "${present[@]}" -type f -print0 | xargs -0 -r cat > /dev/null
  fi
}

# ------------------------------------------------------------------------------------------------
# One timed command. Sets T_SECONDS, T_RSS_KB and T_RC (124 when it was killed after
# STEP_TIMEOUT); stdout goes to the log file, stderr to the log file's name with .stderr added
# (kept apart so cairn's last stdout line can be read). A hung tool must not hang the benchmark:
# timeout kills it (--foreground keeps it in our process group, so Ctrl-C reaches it too). The
# peak RSS that /usr/bin/time reports is still the tool's, the largest of the processes it waited
# for.

timed() {
  local log=$1; shift
  local tf="$RUN_DIR/time.out"
  T_RC=0
  /usr/bin/time -f '%e %M' -o "$tf" timeout --foreground --kill-after=30 "$STEP_TIMEOUT" "$@" \
    > "$log" 2> "$log.stderr" || T_RC=$?
  # On failure /usr/bin/time writes "Command exited with non-zero status N" first.
  read -r T_SECONDS T_RSS_KB < <(tail -n 1 "$tf")
}

# Per-tool commands. Each tool's cache and configuration go under $RUN_DIR/state, which is
# removed with the repository after every run, so no run profits from an earlier one.

export CAIRN_PASSWORD=bench RESTIC_PASSWORD=bench RESTIC_CACHE_DIR="$RUN_DIR/state/restic-cache"
export BORG_BASE_DIR="$RUN_DIR/state/borg" \
       BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes

tool_init() {   # tool repo log; returns non-zero on failure
  case "$1" in
    cairn) "${CAIRN[@]}" init --repo "$2" > "$3" 2>&1 ;;
    cairn-plain) "${CAIRN[@]}" init --no-encryption --repo "$2" > "$3" 2>&1 ;;
    restic) restic --repo "$2" init > "$3" 2>&1 ;;
    borg) borg init --encryption=none "$2" > "$3" 2>&1 ;;
  esac
}

tool_backup() {   # tool repo src tag log
  local tool=$1 repo=$2 src=$3 tag=$4 log=$5
  case "$tool" in
    cairn|cairn-plain) timed "$log" "${CAIRN[@]}" backup --repo "$repo" "$src" ;;
    restic) timed "$log" restic --repo "$repo" backup "$src" ;;
    borg) timed "$log" borg create --compression lz4 "$repo::$tag" "$src" ;;
  esac
  if [ "$T_RC" = 0 ] && [[ "$tool" == cairn* ]]; then
    # The contract: the last line of stdout is "snapshot <id>".
    CAIRN_SNAPSHOT=$(tail -n 1 "$log" | sed -n 's/^snapshot \([0-9a-f]\{16,\}\)$/\1/p')
    if [ -z "$CAIRN_SNAPSHOT" ]; then
      echo "    cairn backup did not end with 'snapshot <id>'" >> "$log"
      T_RC=99
    fi
  fi
}

# Restores the latest snapshot (tag: borg's archive name) so that a source backed up as SRC comes
# back at TARGET/SRC for every tool.
tool_restore() {   # tool repo target tag log
  local tool=$1 repo=$2 target=$3 tag=$4 log=$5
  case "$tool" in
    cairn|cairn-plain) timed "$log" "${CAIRN[@]}" restore --repo "$repo" "$CAIRN_SNAPSHOT" --target "$target" ;;
    restic) timed "$log" restic --repo "$repo" restore latest --target "$target" ;;
    # borg extracts the paths, without their leading /, into the current directory.
    borg) cd "$target"; timed "$log" borg extract "$repo::$tag"; cd "$REPO_ROOT" ;;
  esac
}

# ------------------------------------------------------------------------------------------------
# Results: one line per tool, data set, step and run in $WORKDIR/raw.tsv; report.py makes the table.

RAW="$WORKDIR/raw.tsv"

record() {   # set step tool run status seconds rss_kb repo_bytes data_bytes files
  local IFS=$'\t'
  echo "$*" >> "$RAW"
}

# FAILED, or TIMEOUT when the step was killed after STEP_TIMEOUT seconds.
failure_status() {
  # timeout exits 124, or 137 when the tool also ignored SIGTERM (137 alone may be the OOM killer).
  if [ "$T_RC" = 124 ] || { [ "$T_RC" = 137 ] && [ "${T_SECONDS%.*}" -ge "$STEP_TIMEOUT" ]; }; then
    echo TIMEOUT
  else
    echo FAILED
  fi
}

step_failed() {   # what log
  local f
  if [ "$(failure_status)" = TIMEOUT ]; then
    echo "    ERROR: $1 did not finish within $STEP_TIMEOUT s and was killed" >&2
  else
    echo "    ERROR: $1 failed (exit $T_RC)" >&2
  fi
  for f in "$2" "$2.stderr"; do
    if [ -s "$f" ]; then
      # The first error lines name the cause (a Java stack trace ends in frames); then the end.
      echo "    from $f:" >&2
      { grep -m 3 -iE 'exception|error|fatal' "$f" || true; echo "..."; tail -n 8 "$f"; } \
        | sed 's/^/      | /' >&2
    fi
  done
}

mb() { echo $(( $1 / 1000000 )); }

# One run of one tool on one data set. A failing tool command is recorded and ends the run (the
# function still returns 0 so the other tools go on); a failure of the harness itself (copying,
# modifying the data) stops the script through set -e.
# ext4 passes over inodes freed in the last 30 s (35 s while their table block is dirty) when it
# allocates new ones, reading the inode table to find them, so creating 46,000 files soon after
# deleting the previous run's 92,000 takes several times as long, and the faster a tool's backups
# are, the sooner its restore starts after that deletion. Every restore therefore starts at least
# 36 s after the deletion, as it would for a user who did not just delete a tree of that size.
settle_deletes() {
  local wait=$(( DELETED_AT + 36 - SECONDS ))
  if [ "$wait" -gt 0 ]; then
    sleep "$wait"
  fi
}

bench_run() {   # set tool run
  local set=$1 tool=$2 run=$3
  local src="$RUN_DIR/src/$set" repo="$RUN_DIR/repo" target="$RUN_DIR/restore"
  local logs="$LOG_DIR/$set-$tool-run$run"
  local bytes files step repo_bytes status

  rm -rf "$RUN_DIR/src" "$repo" "$target" "$RUN_DIR/state"
  DELETED_AT=$SECONDS
  mkdir -p "$RUN_DIR/src" "$RUN_DIR/state" "$target" "$logs"
  cp -a --reflink=auto "$DATA_DIR/$set" "$src"
  read -r bytes files < <(data_stats "$src")

  T_RC=0
  tool_init "$tool" "$repo" "$logs/init.log" || T_RC=$?
  if [ "$T_RC" != 0 ]; then
    record "$set" first "$tool" "$run" FAILED "" "" "" "$bytes" "$files"
    step_failed "$tool init" "$logs/init.log"
    return 0
  fi

  for step in first unchanged modified; do
    if [ "$step" = modified ]; then
      python3 "$DATASETS" "modify-$set" "$src"
      read -r bytes files < <(data_stats "$src")
    fi
    warm "$src" "$repo"
    tool_backup "$tool" "$repo" "$src" "$step" "$logs/$step.log"
    if [ "$T_RC" != 0 ]; then
      record "$set" "$step" "$tool" "$run" "$(failure_status)" "" "" "" "$bytes" "$files"
      step_failed "$tool $step backup" "$logs/$step.log"
      return 0
    fi
    repo_bytes=$(du -sb "$repo" | cut -f1)
    record "$set" "$step" "$tool" "$run" ok "$T_SECONDS" "$T_RSS_KB" "$repo_bytes" "$bytes" "$files"
    printf '    %-17s %8.2f s  %6d MB RSS   repo %6d MB\n' \
      "$step backup" "$T_SECONDS" "$(mb $((T_RSS_KB * 1024)))" "$(mb "$repo_bytes")"
  done

  settle_deletes
  warm "$repo"
  tool_restore "$tool" "$repo" "$target" modified "$logs/restore.log"
  if [ "$T_RC" != 0 ]; then
    record "$set" restore "$tool" "$run" "$(failure_status)" "" "" "" "$bytes" "$files"
    step_failed "$tool restore" "$logs/restore.log"
    return 0
  fi
  # Verify outside the timing: the restored tree must equal the (modified) source exactly.
  status=ok
  if ! diff -r -q "$src" "$target$src" > "$logs/verify.log" 2>&1; then
    status=VERIFY-FAILED
    {
      echo "    ################################################################"
      echo "    FAILED: $tool restore of $set does not match the source"
      echo "    diff -r -q $src $target$src (first lines of $logs/verify.log):"
      head -n 10 "$logs/verify.log" | sed 's/^/      | /'
      echo "    ################################################################"
    } >&2
  fi
  record "$set" restore "$tool" "$run" "$status" "$T_SECONDS" "$T_RSS_KB" "" "$bytes" "$files"
  printf '    %-17s %8.2f s  %6d MB RSS   verify %s\n' \
    "restore" "$T_SECONDS" "$(mb $((T_RSS_KB * 1024)))" "$status"
}

# ------------------------------------------------------------------------------------------------
# Header

HEADER="$WORKDIR/header.txt"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
rm -f "$WORKDIR/results.md" "$WORKDIR/results.txt"
java_version=$("$JAVA" -version 2>&1 | sed -n 1p)
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine skews the figures)"
  echo "system: $(uname -sr), work directory on $(df --output=fstype "$WORKDIR" | tail -n 1) ($WORKDIR)"
  echo "java: $java_version ($JAVA $CAIRN_JAVA_OPTS)"
  echo "cairn: $(echo "$CAIRN_VERSION" | paste -sd ';' | sed 's/;/; /g') (jar built $CAIRN_BUILT; $CAIRN_SOURCE)"
  for t in "${TOOLS[@]}"; do
    case "$t" in
      cairn) echo "cairn: repository format 2 (encrypted, aes256gcm-v1; compression auto, zstd level 3; Argon2id key, 64 MiB, 3 passes), password 'bench'" ;;
      cairn-plain) echo "cairn-plain: repository format 1 (cairn init --no-encryption: plain text, no compression)" ;;
      restic) echo "restic: $(restic version | sed -n 1p); encrypted (no unencrypted mode), password 'bench', repository defaults (format 2, compression auto)" ;;
      borg) echo "borg: $(borg --version); --encryption=none, --compression lz4" ;;
    esac
  done
  echo "runs: $RUNS per step (median), page cache warm"
} > "$HEADER"

echo "== cairn end-to-end benchmark =="
sed 's/^/  /' "$HEADER"
echo "  cairn --version:"
echo "$CAIRN_VERSION" | sed 's/^/    /'
if [ "$PEERS" = 0 ]; then
  echo "  peers: skipped (--no-peers)"
elif [ ${#MISSING[@]} -gt 0 ]; then
  echo "  peers missing: ${MISSING[*]} — install with: apt-get install -y restic borgbackup"
fi
echo "  work directory: $WORKDIR ($(( AVAIL / 1000000000 )) GB free)"
echo

generate_data
for set in large tree; do
  read -r b f < <(data_stats "$DATA_DIR/$set")
  line="data set $set: $f files, $(awk -v b="$b" 'BEGIN { printf "%.3f GB", b / 1e9 }')"
  echo "$line"
  echo "$line" >> "$HEADER"
done
echo

# bin/cairn makes its class-data archive on the first real command after an install; make it here,
# untimed, as any installed cairn would have it.
mkdir -p "$RUN_DIR"
"${CAIRN[@]}" backup --init --repo "$RUN_DIR/warm-up" "$REPO_ROOT/docs" > /dev/null 2>&1 \
  || die "cairn's warm-up backup failed: ${CAIRN[*]} backup --repo $RUN_DIR/warm-up $REPO_ROOT/docs"
rm -rf "$RUN_DIR/warm-up"

printf 'set\tstep\ttool\trun\tstatus\tseconds\trss_kb\trepo_bytes\tdata_bytes\tfiles\n' > "$RAW"
START=$SECONDS
for set in large tree; do
  for tool in "${TOOLS[@]}"; do
    for run in $(seq 1 "$RUNS"); do
      echo "[$set] $tool, run $run/$RUNS"
      bench_run "$set" "$tool" "$run"
    done
  done
done
rm -rf "$RUN_DIR"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); benchmark took $(( SECONDS - START )) s" >> "$HEADER"

echo
echo "== results ($(( SECONDS - START )) s of benchmarking) =="
python3 "$REPORT" "$WORKDIR"
echo
echo "Markdown table: $WORKDIR/results.md; logs: $LOG_DIR; data sets kept in $DATA_DIR"

FAILURES=$(awk -F'\t' 'NR > 1 && ($5 == "FAILED" || $5 == "TIMEOUT")' "$RAW" | wc -l)
VERIFY_FAILURES=$(awk -F'\t' 'NR > 1 && $5 == "VERIFY-FAILED"' "$RAW" | wc -l)
if [ "$VERIFY_FAILURES" -gt 0 ]; then
  echo "FAILED: $VERIFY_FAILURES restore(s) did not match the source (see above)" >&2
fi
if [ "$FAILURES" -gt 0 ]; then
  echo "FAILED: $FAILURES step(s) failed (see above)" >&2
fi
if [ "$VERIFY_FAILURES" != 0 ] || [ "$FAILURES" != 0 ]; then exit 1; fi
