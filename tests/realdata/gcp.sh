#!/bin/sh
# Acceptance on real Cloud Asset Inventory exports. The IAM policies have
# snake_case keys, user:, group: and serviceAccount: members and the
# bare allUsers and allAuthenticatedUsers. The service account keys are
# valid into the year 2200, and one's data names another key than its
# asset.
# The real exports live outside the project; when they are absent every
# check is reported as skipped.
. "$(dirname "$0")/../lib.sh"

real=${TW_REALDATA:-$TW_ROOT/../shared/realdata}
dir="$real/gcp"
policies="$dir/asset-inventory-iam-policies.json"
keys="$dir/asset-inventory-sa-keys.json"
crm="gcp://cloudresourcemanager.googleapis.com/projects/12345"
sak="gcp://iam.googleapis.com/projects/forseti-system-test/serviceAccounts/111111-compute@developer.gserviceaccount.com/keys"
names="policies import counts
keys import counts
members keep their prefixes
allUsers is public
allAuthenticatedUsers is public
owner binding on the project
bucket binding
dataset bindings
service account user is impersonation
key valid into 2200
key valid to 2027
asset name wins over the data's name
keys authenticate as their account
walk from allUsers to the project in the TUI"
if [ ! -f "$policies" ]; then
	echo "# real exports not found at $real; set TW_REALDATA to run these"
	printf '%s\n' "$names" | while read -r name; do
		skip "$name" "no real exports at $real"
	done
	done_testing
	exit 0
fi
echo "# using real exports in $real"

db="$TMP/case.db"
out=$($TW --db "$db" import "$policies" 2>&1)
check_match "policies import counts" \
    "gcp, source gcp:12345: 25 nodes, 24 edges, 0 placeholders, 0 warnings" \
    "$out"
out=$($TW --db "$db" import "$keys" 2>&1)
check_match "keys import counts" \
    "gcp, source gcp:forseti-system-test: 4 nodes, 3 edges, 0 placeholders, 0 warnings" \
    "$out"

json=$($TW --db "$db" ls --format json)
n=$(printf '%s' "$json" | python3 -c '
import json, sys
ks = {n["key"]: n["kind"] for n in json.load(sys.stdin)}
print(ks.get("gcp:user:bad@notgoogle.com"), ks.get("gcp:group:admins@google.com"),
      ks.get("gcp:serviceAccount:service-12345@notiam.gserviceaccount.com"))')
check_eq "members keep their prefixes" "human group service_account" "$n"

out=$($TW --db "$db" show gcp:allUsers)
check_match "allUsers is public" "public +true" "$out"
out=$($TW --db "$db" show gcp:allAuthenticatedUsers)
check_match "allAuthenticatedUsers is public" "public +true" "$out"
out=$($TW --db "$db" show "$crm#roles/owner")
check_match "owner binding on the project" \
    "IAMGrant -> projects/12345 \(system\)" "$out"
out=$($TW --db "$db" show gcp://storage.googleapis.com/forseti-cai-export-23775711)
check_match "bucket binding" \
    "IAMGrant <- roles/owner on forseti-cai-export-23775711 \(role\)" "$out"
n=$($TW --db "$db" ls --format json | python3 -c '
import json, sys
print(sum(1 for n in json.load(sys.stdin) if "datasets/testdataset" in n["key"] and "#" in n["key"]))')
check_eq "dataset bindings" 4 "$n"
out=$($TW --db "$db" show "$crm#roles/iam.serviceAccountUser")
check_match "service account user is impersonation" \
    "role_class +impersonation" "$out"

out=$($TW --db "$db" show --format json "$sak/1234567891abcdef")
n=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["created_at"], d["expires_at"])')
check_eq "key valid into 2200" "2200-08-21T07:55:36Z 2200-08-22T19:55:36Z" "$n"
out=$($TW --db "$db" show --format json "$sak/1234567890abcdef")
n=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["expires_at"], d["attributes"]["key_id"], d["attributes"]["name"].split("/")[-1])')
check_eq "key valid to 2027" "2027-08-22T19:55:36Z 1234567890abcdef 1234567891abcdef" \
    "$n"
check_match "asset name wins over the data's name" "1234567890abcdef" "$n"
out=$($TW --db "$db" show gcp:serviceAccount:111111-compute@developer.gserviceaccount.com)
n=$(printf '%s\n' "$out" | grep -c "ServiceAccountKey <- ")
check_eq "keys authenticate as their account" 2 "$n"

tui_start 80 24 --db "$db"
tui_wait "Enter walk"
tui_keys /
tui_text "allUsers"
tui_keys Enter Enter
tui_wait "key     gcp:allUsers" || true
tui_keys Enter
tui_wait "key     $crm#roles/viewer" || true
tui_keys /
tui_text IAMGrant
tui_keys Enter Enter
if tui_wait "key     $crm" &&
    tui_screen | grep -Fq "roles/viewer on projects/12345 › projects/12345"; then
	ok "walk from allUsers to the project in the TUI"
else
	not_ok "walk from allUsers to the project in the TUI" "$(tui_screen)"
fi
tui_keys q
tui_stop
done_testing
