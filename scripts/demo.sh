#!/usr/bin/env bash
# The demo behind `make demo`: d365-sim stands in for two Dynamics 365 organizations on
# loopback, socialsync runs as the daemon, and the seed's story is played against it while
# every link transition is printed as it happens. Ends with links by state; exit 0.
set -euo pipefail

BIN=${1:-.build/release}
BIN=$(cd "$BIN" && pwd)
WORK=$(mktemp -d /tmp/socialsync-demo.XXXXXX)
SIM_PID=""
DAEMON_PID=""
cleanup() {
  [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
ss() { "$BIN/socialsync" --config "$WORK/config.json" "$@"; }

# Waits until `links show POST` reports STATE (and REASON, when given), at most 30 s, then
# a little more so the daemon's log lines about it are printed before the next step.
await_link() {
  local post=$1 state=$2 reason=${3:-} i
  for i in $(seq 1 120); do
    if ss links show "$post" --json | python3 -c '
import json, sys
links = json.load(sys.stdin)
last = links[-1]
sys.exit(0 if last["state"] == sys.argv[1] and (sys.argv[2] == "" or last["reason"] == sys.argv[2]) else 1)
' "$state" "$reason"; then sleep 1.2; return 0; fi
    sleep 0.25
  done
  echo "demo: post $post never reached $state $reason" >&2
  ss links show "$post" >&2
  exit 1
}

admin() { curl -fsS -X "$1" -H 'Content-Type: application/json' ${3:+-d "$3"} "$SIM/_admin/$2" >/dev/null; }
admin_get() { curl -fsS "$SIM/_admin/$1"; }

say "Starting d365-sim: organizations org1 and org2, 300 social activities with their cases and leads"
"$BIN/d365-sim" --port 0 --generate 300 --instances 2 --emit-links links-all.jsonl --emit-posts posts.jsonl > sim.out &
SIM_PID=$!
for i in $(seq 1 100); do grep -q '^listening on ' sim.out 2>/dev/null && break; sleep 0.1; done
SIM=$(sed -n 's/^listening on //p' sim.out)
echo "simulator at $SIM"
head -n 200 links-all.jsonl > links.jsonl   # posts 201-300 stay unlinked

cat > config.json <<JSON
{"store": "store.db", "listen": "", "poll_interval_seconds": 1, "verify_interval_seconds": 1,
 "confirmations": 2, "request_timeout_seconds": 5, "log_format": "logfmt", "log_level": "info"}
JSON

say "Connecting both instances (secrets in files, token endpoint of the simulator)"
for org in org1 org2; do
  printf 'secret-%s\n' "$org" > "$org.secret"; chmod 600 "$org.secret"
  ss instances add --id "$org" --name "Contoso ${org}" --url "$SIM/$org" --tenant-id tenant \
     --client-id "client-$org" --client-secret-file "$WORK/$org.secret" --token-url "$SIM/tenant/oauth2/v2.0/token"
  ss instances refresh "$org"
done
ss instances set-default org2
ss posts import posts.jsonl
ss links import links.jsonl
ss status

say "Running the daemon (transitions are printed as they happen)"
"$BIN/socialsync" --config "$WORK/config.json" run 2> daemon.log &
DAEMON_PID=$!
# tail ends with the daemon. The filter prints each link.transition event on one line and
# folds a run of alike transitions (same instance, states and reason) after the third into
# a count, printed when the daemon logs anything else (it logs every pass, at least once a
# second here). Python reads line by line, where mawk would hold lines back in its buffer.
tail --pid="$DAEMON_PID" -s 0.1 -n +1 -f daemon.log | python3 -u -c '
import sys
last, same, hidden = None, 0, 0
def flush():
    global hidden
    if hidden:
        print(f"   ... and {hidden} more alike", flush=True)
    hidden = 0
for line in sys.stdin:
    if "event=link.transition" not in line:
        flush(); last = None
        continue
    f = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
    key = (f.get("instance"), f.get("from"), f.get("to"), f.get("reason"))
    if key == last:
        same += 1
        if same > 3:
            hidden += 1
            continue
    else:
        flush(); last, same = key, 1
    post, instance = f.get("post", "?"), f.get("instance", "?")
    print(f"   link {post:<9} @ {instance:<5} {key[1]} -> {key[2]} {key[3] or str()}", flush=True)
' &
sleep 2

say "org1 goes into maintenance: its links are errored (instance_down), kept"
admin PUT orgs/org1/fault '{"kind":"maintenance"}'
await_link post-1 errored instance_down
say "org1 is back: errored links are verified and active again (R14)"
admin DELETE orgs/org1/fault
await_link post-1 active

say "A case is deleted in Dynamics 365: its link breaks (R21) after two confirming passes"
admin DELETE orgs/org1/rows/incidents/1c000000-0000-4000-8000-000000000003
await_link post-3 broken record_deleted

say "A case is dissociated from its social activity: broken (R20)"
admin POST orgs/org2/rows/socialactivities/ac000000-0000-4000-8000-000000000004/dissociate
await_link post-4 broken record_dissociated

say "A social activity is deleted while its case remains: broken (R22)"
admin DELETE orgs/org1/rows/socialactivities/ac000000-0000-4000-8000-000000000005
await_link post-5 broken activity_deleted

say "A user unlinks post-6 in Social Engagement: unlinked, nothing changes in Dynamics 365 (R7)"
ss links unlink --post post-6

say "An active automation rule targets org2: disabling org2 is refused (R6)"
ss rules add --id route-complaints --instance org2 --match 'sentiment:negative'
ss instances disable org2 || echo "   (refused as expected, exit $?)"
say "The rule is deactivated: now org2 can be disabled; its links are errored (R3, R13)"
ss rules deactivate route-complaints
ss instances disable org2
await_link post-2 errored instance_disabled
ss instances enable org2
await_link post-2 active

say "org1 is deleted: its links are removed and their posts available again (R5)"
ss instances delete org1
await_link post-1 removed instance_deleted
say "post-7 (was on org1) is linked again, to org2: a new case is created from the post (R8)"
say "   the exact requests first (--dry-run sends nothing): profile lookup, contact, profile, case, activity"
ss links create --post post-7 --instance org2 --record-type incident --dry-run | grep -E '"(method|path)"' | sed 's/^ */     /'
ss links create --post post-7 --instance org2 --record-type incident
await_link post-7 active created
say "   org2 now holds the author's contact, their social profile tied to it, the case (customer: the contact) and the activity regarding it"
admin_get counters | python3 -c 'import json,sys; print("     rows created in org2:", json.load(sys.stdin)["orgs"]["org2"]["creates"])'
say "A table the instance cannot link is refused before anything is queued (exit 65)"
ss links create --post post-251 --instance org2 --record-type organization || echo "   (refused as expected, exit $?)"
say "A creation the instance refuses for good ends as failed (R8a); the post is available again"
admin PUT orgs/org2/refuse_creates/leads '{"status":400,"code":"0x80040265","message":"A plug-in on lead refused the record."}'
ss links create --post post-250 --instance org2 --record-type lead
await_link post-250 failed creation_rejected
ss links show post-250 --json | python3 -c 'import json,sys; print("     error kept for the operator:", json.load(sys.stdin)[-1]["error"])'
admin DELETE orgs/org2/refuse_creates/leads
say "Meanwhile post-9's social activity is deleted in the (disconnected) org1"
admin DELETE orgs/org1/rows/socialactivities/ac000000-0000-4000-8000-000000000009
say "org1 is re-associated: removed links come back (restored, R30), except post-7, re-linked (R31), and post-9, whose activity is gone"
ss instances add --id org1 --name "Contoso org1" --url "$SIM/org1" --tenant-id tenant \
   --client-id client-org1 --client-secret-file "$WORK/org1.secret" --token-url "$SIM/tenant/oauth2/v2.0/token"
await_link post-1 active restored
await_link post-9 removed activity_deleted
await_link post-7 active created

say "Record details (R16): links show reads post-2's case from org2, healthy and enabled"
ss links show post-2 | sed -n 2p
say "   and hides them while org2 is disabled"
ss rules deactivate route-complaints >/dev/null
ss instances disable org2 >/dev/null
ss links show post-2 | sed -n 2p
ss instances enable org2 >/dev/null
await_link post-2 active

say "An automation rule routes new posts (R40-R42): first tried on the stored posts, then activated"
ss rules test --match 'sentiment:negative -tag:spam' 2>&1 | tail -1 | sed 's/^/     /'
ss rules activate route-complaints
seq_before=$(ss links changes | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')
cat > routed.jsonl <<'POSTS'
{"id":"post-new-1","url":"https://twitter.com/ann/status/9001","author":"Ann","text":"my printer is on fire","sentiment":-1,"tags":["support"],"source":"twitter","published_at":"2026-12-02T10:00:00Z"}
{"id":"post-new-2","url":"https://twitter.com/bob/status/9002","author":"Bob","text":"love it","sentiment":1,"tags":[],"source":"twitter","published_at":"2026-12-02T10:01:00Z"}
POSTS
ss posts import routed.jsonl
await_link post-new-1 active created
say "   the change feed since then (links changes --since $seq_before), as a social tool reads it"
ss links changes --since "$seq_before" | sed 's/^/     /'
ss rules deactivate route-complaints >/dev/null

say "Links by state"
ss status
