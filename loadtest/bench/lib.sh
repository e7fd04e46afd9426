# shellcheck shell=bash
# Shared by loadtest/bench/run and loadtest/bench/smoke: starting a broker and a gateway on free
# loopback ports, running commands so that Ctrl-C and TERM stop them at once, and stopping
# everything that was started, last first. Source it from the repository root.

bench_pids=()   # process group leaders started here, in start order
bench_names=()

# The script's own stderr, kept apart so that messages from a trap still reach it while a
# command's output is redirected to a file.
exec {bench_log_fd}>&2

bench_log() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&"$bench_log_fd"
}

bench_die() {
  bench_log "error: $*"
  exit 1
}

# Starts "$@" in a process group of its own (so that stopping it also stops what it forks, such as
# Maven's Gatling JVM) and remembers it under the name $1 for bench_stop_all. Sets bench_last_pid.
bench_spawn() {
  local name=$1
  shift
  setsid "$@" &
  bench_last_pid=$!
  bench_pids+=("$bench_last_pid")
  bench_names+=("$name")
}

# Runs "$@" like a foreground command, but waits with `wait`, which a trap interrupts at once (a
# foreground child would delay Ctrl-C handling until it ends). Returns the command's status.
bench_run() {
  local status=0
  bench_spawn "$1" "$@"
  local pid=$bench_last_pid
  wait "$pid" || status=$?
  bench_forget "$pid"
  return "$status"
}

bench_forget() {
  local i
  for i in "${!bench_pids[@]}"; do
    if [[ "${bench_pids[$i]}" == "$1" ]]; then
      unset 'bench_pids[i]' 'bench_names[i]'
    fi
  done
}

# TERM to each started process group, last started first; KILL after 30 s. Idempotent.
bench_stop_all() {
  local i pid waited
  local indexes=("${!bench_pids[@]}")
  for ((i = ${#indexes[@]} - 1; i >= 0; i--)); do
    pid=${bench_pids[${indexes[$i]}]}
    if kill -0 "$pid" 2>/dev/null; then
      bench_log "stopping ${bench_names[${indexes[$i]}]} (pid $pid)"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      waited=0
      while kill -0 "$pid" 2>/dev/null && ((waited < 300)); do
        sleep 0.1
        waited=$((waited + 1))
      done
      if kill -0 "$pid" 2>/dev/null; then
        bench_log "${bench_names[${indexes[$i]}]} still running after 30 s; killing it"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    wait "$pid" 2>/dev/null || true
  done
  bench_pids=()
  bench_names=()
}

bench_work_dirs=() # removed on exit, once everything started is stopped

# Creates a scratch directory named $1.XXXXXX under TMPDIR (or /tmp), removed on exit (unless
# BENCH_KEEP_WORK is set, to read the broker's log there): a broker's data reaches gigabytes in a
# benchmark run. Sets bench_work_dir.
bench_make_work_dir() {
  bench_work_dir=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  bench_work_dirs+=("$bench_work_dir")
}

bench_remove_work_dirs() {
  local dir
  if [[ -n "${BENCH_KEEP_WORK:-}" ]]; then
    bench_log "keeping ${bench_work_dirs[*]} (BENCH_KEEP_WORK is set)"
    return 0
  fi
  for dir in "${bench_work_dirs[@]}"; do
    [[ -n "$dir" && -d "$dir" ]] && rm -rf -- "$dir"
  done
  bench_work_dirs=()
}

# Call once: every exit path, Ctrl-C and TERM included, stops what was started and removes the
# scratch directories.
bench_install_traps() {
  trap 'bench_stop_all; bench_remove_work_dirs' EXIT
  trap 'bench_log "interrupted"; exit 130' INT
  trap 'bench_log "terminated"; exit 143' TERM
}

# Sets bench_port to a loopback port nothing listens on, below the kernel's ephemeral range (so no
# outgoing connection holds it either), and not handed out before. Free when chosen; taken by
# whoever binds it first.
bench_free_port() {
  local port _
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 12000))
    if [[ " ${bench_used_ports:-} " != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      bench_used_ports="${bench_used_ports:-} $port"
      bench_port=$port
      return 0
    fi
  done
  bench_die "no free port found on 127.0.0.1"
}

# True when $1 is missing or any file under the remaining paths is newer than it.
bench_stale() {
  local artefact=$1
  shift
  [[ ! -e "$artefact" ]] || [[ -n "$(find "$@" -newer "$artefact" -print -quit)" ]]
}

# Builds the gateway jar, the test classes (broker, load generators) and the broker's class path
# when any is missing or older than its sources.
bench_build_if_stale() {
  if bench_stale proxy/target/broker.classpath pom.xml proxy/pom.xml \
    || bench_stale proxy/target/sluice.jar pom.xml proxy/pom.xml proxy/src/main \
    || bench_stale proxy/target/test-classes/io/sluice/testing/DevBroker.class proxy/src/test \
    || [[ ! -e proxy/target/test-classes/io/sluice/loadgen/FixedRateLoad.class ]]; then
    bench_log "building the gateway (mvn -B -q -DskipTests -pl proxy -am package)"
    bench_run mvn -B -q -DskipTests -pl proxy -am package
  fi
}

# Resolves Kafka's command-line tools (kafka-tools: ProducerPerformance, ConfigCommand) when
# missing or older than the poms; sets bench_kafka_tools_classpath to the file holding the path.
bench_kafka_tools() {
  bench_kafka_tools_classpath=loadtest/target/kafka-tools.classpath
  if bench_stale "$bench_kafka_tools_classpath" pom.xml loadtest/pom.xml; then
    bench_log "resolving Kafka's command-line tools (kafka-tools)"
    mkdir -p loadtest/target
    bench_run mvn -B -q -f loadtest/pom.xml -Pkafka-tools dependency:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile="$PWD/$bench_kafka_tools_classpath"
  fi
}

bench_require_build() {
  local missing=()
  local f
  for f in proxy/target/sluice.jar proxy/target/broker.classpath \
    proxy/target/test-classes/io/sluice/testing/DevBroker.class; do
    [[ -e "$f" ]] || missing+=("$f")
  done
  if ((${#missing[@]})); then
    bench_die "missing ${missing[*]} (expected: built by 'mvn -B verify' or 'mvn -B -DskipTests package')"
  fi
}

# Starts a single-node Kafka (DevBroker) on a free port with data in $1; sets bench_bootstrap.
bench_start_broker() {
  local dir=$1
  local out="$dir.out"
  mkdir -p "$dir"
  : >"$out"
  bench_spawn broker java -cp "proxy/target/test-classes:$(cat proxy/target/broker.classpath)" \
    io.sluice.testing.DevBroker --port 0 --data-dir "$dir" >"$out" 2>&1
  local pid=$bench_last_pid
  local deadline=$((SECONDS + 120))
  until grep -q '^Kafka ready at ' "$out"; do
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; bench_die "the broker exited before it was ready (log: $dir/broker.log)"; }
    ((SECONDS < deadline)) || bench_die "the broker was not ready after 120 s (see $out and $dir/broker.log)"
    sleep 0.2
  done
  bench_bootstrap=$(sed -n 's/^Kafka ready at //p' "$out" | head -n 1)
  bench_log "Kafka ready at $bench_bootstrap (data in $dir)"
}

# Starts the gateway with config $1 against Kafka $2, logging to $3, on free ports. Runs a copy of
# the jar, so that a rebuild during the run cannot replace the classes under the running JVM.
# Extra JVM options: BENCH_GATEWAY_JAVA_OPTS (Netty's leak detector is off unless they set a level,
# as with bin/sluice). Sets bench_gateway_pid, bench_gateway_url,
# bench_admin_url.
bench_start_gateway() {
  local config=$1 bootstrap=$2 log=$3
  local port admin jar
  bench_free_port
  port=$bench_port
  bench_free_port
  admin=$bench_port
  jar="$(dirname "$log")/gateway-under-test.jar"
  cp proxy/target/sluice.jar "$jar"
  # As bin/sluice does: Netty's leak detector off unless the options choose a level.
  local leak_default=-Dio.netty.leakDetection.level=disabled
  [[ "${BENCH_GATEWAY_JAVA_OPTS:-}" == *leak[Dd]etection* ]] && leak_default=
  # shellcheck disable=SC2086 # the options are several words on purpose
  bench_spawn gateway java $leak_default ${BENCH_GATEWAY_JAVA_OPTS:-} \
    -Dsluice.server.port="$port" -Dsluice.admin.port="$admin" \
    -Dsluice.kafka.bootstrap-servers="$bootstrap" \
    -jar "$jar" --config "$config" >"$log" 2>&1
  bench_gateway_pid=$bench_last_pid
  bench_gateway_url="http://127.0.0.1:$port"
  bench_admin_url="http://127.0.0.1:$admin"
  local deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null "$bench_admin_url/ready" 2>/dev/null; do
    kill -0 "$bench_gateway_pid" 2>/dev/null || { tail -n 30 "$log" >&2; bench_die "the gateway exited during start-up"; }
    ((SECONDS < deadline)) || { tail -n 30 "$log" >&2; bench_die "the gateway was not ready after 60 s"; }
    sleep 0.2
  done
  bench_log "gateway ready at $bench_gateway_url (admin $bench_admin_url, pid $bench_gateway_pid, log $log)"
}
