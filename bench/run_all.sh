#!/usr/bin/env bash
# Every benchmark of docs/benchmarks.md in one command, on throwaway PostgreSQL databases:
#   bench/run_all.sh [city|national|load|all]      (default: all; about 40 minutes on 2 cores)
# Results go to var/bench-results-<what>.txt as well as the terminal. Needs the local
# PostgreSQL (trust auth on 127.0.0.1:5432) and Redis; drops the databases it creates.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
WHAT="${1:-all}"
PG="postgres://postgres@127.0.0.1:5432"
mkdir -p var

fresh_db() {
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $1" && psql "$PG/postgres" -qc "CREATE DATABASE $1"
  export DATABASE_URL="$PG/$1"
  $PY manage.py migrate -v0
}

city() {
  fresh_db congress_bench_city
  $PY manage.py seed_scale
  $PY manage.py check_tree
  $PY bench/subtree_stats.py --repeat 50
  $PY bench/pages.py --repeat 30 --import-members 10000
  $PY bench/dashboard.py
  $PY bench/asof_pages.py --repeat 20
  $PY bench/reports.py --repeat 15 --city-code SCALE
  psql "$PG/postgres" -qc "DROP DATABASE congress_bench_city"
}

national() {
  # 5.6 million members under 52,000 grassroots organizations: one root, 700 districts.
  fresh_db congress_bench_national
  $PY manage.py seed_scale --districts 700 --grassroots 52000 --cells 520000 \
    --members 5600000 --root-code NATION
  $PY bench/subtree_stats.py --repeat 20 --root-code NATION
  $PY bench/pages.py --repeat 15 --root-code NATION --import-members 0
  $PY bench/dashboard.py --root-code NATION --repeat 10
  $PY bench/reports.py --repeat 5 --city-code NATION
  psql "$PG/postgres" -qc "DROP DATABASE congress_bench_national"
}

load() {
  $PY bench/load.py --users 16 --seconds 60
}

case "$WHAT" in
  city) city 2>&1 | tee var/bench-results-city.txt ;;
  national) national 2>&1 | tee var/bench-results-national.txt ;;
  load) load 2>&1 | tee var/bench-results-load.txt ;;
  all)
    city 2>&1 | tee var/bench-results-city.txt
    national 2>&1 | tee var/bench-results-national.txt
    load 2>&1 | tee var/bench-results-load.txt
    ;;
  *) echo "usage: bench/run_all.sh [city|national|load|all]" >&2; exit 2 ;;
esac
