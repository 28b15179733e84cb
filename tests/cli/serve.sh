#!/usr/bin/env bash
# `pond serve` as a command: it starts on a free port and says where, answers, stops cleanly on SIGTERM
# with everything kept; a second server on a port in use, a bad port or an unusable data directory get
# one clear line.
source "$(dirname "$0")/lib.sh"

# wait_for_port VAR: waits until server VAR has printed its address; sets PORT.
wait_for_port() {
  local i
  for i in $(seq 1 200); do
    PORT=$(sed -n 's|^pond serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/$1.out")
    [[ -n "$PORT" ]] && return 0
    sleep 0.1
  done
  fail "pond serve printed no address: $(cat "$TMP/$1.out" "$TMP/$1.err")"
}

start_background server serve --data data --port 0
wait_for_port server
expect_files data pond.sqlite
python3 - "$PORT" <<'PY' || fail "the server does not answer as documented"
import json, sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
me = json.load(urllib.request.urlopen(base + "/api/me"))
assert me["user"] is None and len(me["csrf"]) == 64, me
page = urllib.request.urlopen(base + "/").read().decode()
assert "<title>" in page, page[:200]
try:
    urllib.request.urlopen(base + "/api/no-such-thing")
    raise SystemExit("an unknown route answered")
except urllib.error.HTTPError as e:
    assert e.code == 404 and json.load(e)["error"]["status"] == 404
PY

# The port is taken now: a second server fails with the address in its message.
expect_fail 1 "127.0.0.1:$PORT: cannot listen there" -- serve --data data2 --port "$PORT"

kill -TERM "$server"
wait_background "$server"
expect_eq "$RC" 0 "exit status after SIGTERM"
expect_contains "$TMP/server.out" "pond serve: stopped"
python3 - data/pond.sqlite <<'PY' || fail "the database is not intact after stopping"
import sqlite3, sys
with sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True) as db:
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
PY

expect_fail 2 "--port must be within 0..65535" -- serve --port 70000
expect_fail 2 "--registrations, --breeding and --login-failures must be at least 1" -- serve --registrations 0
echo "not a database" >garbage.sqlite
mkdir -p bad && cp garbage.sqlite bad/pond.sqlite
expect_fail 1 "bad/pond.sqlite" -- serve --data bad --port 0
touch afile
expect_fail 1 "afile/sub: cannot create the data directory" -- serve --data afile/sub --port 0
mkdir -p noweb
expect_fail 1 "noweb: no index.html" -- serve --data data --web noweb --port 0
echo "ok"
