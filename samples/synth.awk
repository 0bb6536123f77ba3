# Write a synthetic estate of about `nodes` nodes (default 100000) as one
# BloodHound OpenGraph document, for benchmarks: in each block of ten
# nodes, four access keys authenticate as two service accounts, which
# can assume a role; the role has a policy granting a privilege on a
# system, and one person owns the accounts. Names, environments and
# dates vary with the node number, so filters and sorts have work to do.
#
#   awk -v nodes=1000000 -f samples/synth.awk > build/synth.json
#
# The same nodes value always gives the same file (no random numbers).
function date(days,	y, m, d) {
	# A date days before 2026-12-01, month lengths rounded to 30 days.
	days = 2026 * 360 + 11 * 30 - days
	y = int(days / 360); days -= y * 360
	m = int(days / 30) + 1; d = days - (m - 1) * 30 + 1
	if (d > 28) d = 28
	return sprintf("%04d-%02d-%02dT00:00:00Z", y, m, d)
}
function node(id, kind, props) {
	printf "%s{\"id\": \"%s\", \"kinds\": [\"%s\"], \"properties\": {%s}}",
	    (nn++ ? ",\n" : ""), id, kind, props
}
function edge(kind, a, b) {
	printf "%s{\"kind\": \"%s\", \"start\": {\"value\": \"%s\"}, " \
	    "\"end\": {\"value\": \"%s\"}}", (ne++ ? ",\n" : ""), kind, a, b
}
BEGIN {
	if (nodes == "") nodes = 100000
	blocks = int(nodes / 10)
	split("prod dev staging sandbox", envs, " ")
	split("payments ledger checkout billing search reports", apps, " ")
	print "{\"metadata\": {\"source_kind\": \"synth\"}, \"graph\": {\"nodes\": ["
	for (b = 0; b < blocks; b++) {
		env = envs[b % 4 + 1]; app = apps[b % 6 + 1]
		node("person:" b, "Person", sprintf("\"name\": \"person %d\"", b))
		node("system:" b, "Database", sprintf("\"name\": \"%s-db-%d\", " \
		    "\"environment\": \"%s\"", app, b, env))
		node("priv:" b, "Privilege", sprintf("\"name\": \"write %s-db-%d\"",
		    app, b))
		node("policy:" b, "Policy", sprintf("\"name\": \"%s-policy-%d\"",
		    app, b))
		node("role:" b, "Role", sprintf("\"name\": \"%s-deployer-%d\", " \
		    "\"environment\": \"%s\"", app, b, env))
		for (s = 0; s < 2; s++)
			node("sa:" b ":" s, "ServiceAccount", sprintf("\"name\": " \
			    "\"svc-%s-%d-%d\", \"environment\": \"%s\"", app, b, s, env))
		for (k = 0; k < 3; k++)
			node("key:" b ":" k, "AccessKey", sprintf("\"name\": " \
			    "\"%s key %d-%d\", \"environment\": \"%s\", " \
			    "\"key_id\": \"SYNTH%07d%d\", \"created_at\": \"%s\", " \
			    "\"last_used_at\": \"%s\", \"last_rotated_at\": \"%s\"",
			    app, b, k, env, b, k, date(400 + (b * 7 + k) % 900),
			    date((b * 13 + k * 31) % 400), date(200 + (b * 3) % 700)))
	}
	print "], \"edges\": ["
	for (b = 0; b < blocks; b++) {
		edge("Owns", "person:" b, "sa:" b ":0")
		edge("Owns", "person:" b, "sa:" b ":1")
		for (k = 0; k < 3; k++)
			edge("AuthenticatesAs", "key:" b ":" k, "sa:" b ":" (k % 2))
		edge("CanAssume", "sa:" b ":0", "role:" b)
		edge("CanAssume", "sa:" b ":1", "role:" b)
		edge("HasPolicy", "role:" b, "policy:" b)
		edge("Grants", "policy:" b, "priv:" b)
		edge("AppliesTo", "priv:" b, "system:" b)
		if (b > 0)
			edge("CanAssume", "role:" b, "role:" int(b / 2))
	}
	print "]}}"
}
