/*
 * Writing an estate as one BloodHound OpenGraph document (one node or
 * edge per line), as a plain edge list of node numbers for other graph
 * tools, and the seeds of the timed walks.
 */
#include "gen.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* OpenGraph kinds of each node kind; credentials and systems vary. */
static const char *const gen_og_kinds[GEN_NKINDS] = {
	"User", "Group", "ServiceAccount", "Workload", "AccessKey", "Role",
	"Policy", "Permission", "Repository"
};
static const char *const gen_og_systems[] = {
	"Repository", "Database", "Account", "Cluster"
};
static const char *const gen_og_edges[GEN_NEDGES] = {
	"Owns", "MemberOf", "HasRole", "CanAssume", "HasPolicy", "Grants",
	"AppliesTo", "AuthenticatesAs", "Uses", "RunsAs", "Contains"
};
static const char *const gen_envs[GEN_NENVS] = {
	"prod", "dev", "staging", "shared"
};

/* Words that names are made of, so that filters find a spread of rows. */
static const char *const gen_teams[] = {
	"payments", "ledger", "checkout", "search", "identity", "billing",
	"fraud", "catalog", "shipping", "growth", "platform", "data",
	"mobile", "support", "risk", "pricing", "inventory", "reporting",
	"notify", "auth", "gateway", "analytics", "ml", "media", "partner",
	"audit", "backup", "infra", "security", "web", "warehouse", "crm"
};
static const char *const gen_roles[] = {
	"deploy", "reader", "writer", "admin", "ci", "sync", "export",
	"import", "batch", "api", "worker", "scheduler", "monitor", "proxy",
	"migrate", "cache"
};
static const char *const gen_people[] = {
	"ana", "ben", "chen", "dara", "eli", "fatima", "gus", "hana", "ivan",
	"jun", "kofi", "lena", "mo", "nia", "omar", "priya", "quinn", "rosa",
	"sam", "tara", "uma", "vik", "wen", "xavi", "yara", "zoe"
};

#define GEN_NWORDS(a)	(sizeof(a) / sizeof((a)[0]))

void
gen_time(int64_t t, char *buf, size_t len)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The display name of node v: words picked by its number, then it. */
static void
gen_name(const struct gen_estate *es, size_t v, char *buf, size_t len)
{
	enum gen_kind	 k = gen_kind_of(es, v);
	size_t		 i = v - es->first[k];
	uint64_t	 h = (uint64_t)v * 0x9e3779b97f4a7c15ULL;
	const char	*team = gen_teams[(h >> 40) % GEN_NWORDS(gen_teams)];
	const char	*role = gen_roles[(h >> 20) % GEN_NWORDS(gen_roles)];

	switch (k) {
	case GEN_HUMAN:
		snprintf(buf, len, "%s.%s%zu", gen_people[(h >> 40) %
		    GEN_NWORDS(gen_people)], team, i);
		break;
	case GEN_GROUP:
		snprintf(buf, len, "%s-%ss-%zu", team, role, i);
		break;
	case GEN_SERVICE_ACCOUNT:
		snprintf(buf, len, "svc-%s-%s-%zu", team, role, i);
		break;
	case GEN_WORKLOAD:
		snprintf(buf, len, "%s-%s-job-%zu", team, role, i);
		break;
	case GEN_CREDENTIAL:
		snprintf(buf, len, "%s-%s-key-%zu", team, role, i);
		break;
	case GEN_ROLE:
		snprintf(buf, len, "%s-%s-role-%zu", team, role, i);
		break;
	case GEN_POLICY:
		snprintf(buf, len, i == 0 ? "admin-all" : "%s-%s-policy-%zu",
		    team, role, i);
		break;
	case GEN_PRIVILEGE:
		snprintf(buf, len, i == 0 ? "all-actions" : "%s:%s-%zu", team,
		    role, i);
		break;
	default:
		snprintf(buf, len, "%s-%s-%zu", team, (h >> 8) % 2 ? "db" :
		    "repo", i);
		break;
	}
}

/* The OpenGraph kind of node v. */
static const char *
gen_og_kind(const struct gen_estate *es, size_t v)
{
	enum gen_kind	 k = gen_kind_of(es, v);

	if (k == GEN_SYSTEM)
		return gen_og_systems[v % 4];
	if (k == GEN_CREDENTIAL && v % 3 == 0)
		return "Token";
	return gen_og_kinds[k];
}

/* Write node v as one OpenGraph node object, without separator. */
static void
gen_og_node(const struct gen_estate *es, size_t v, FILE *f)
{
	char		 id[64], name[96], t[32];
	enum gen_kind	 k = gen_kind_of(es, v);

	gen_node_id(es, v, id, sizeof(id));
	gen_name(es, v, name, sizeof(name));
	gen_time(es->created[v], t, sizeof(t));
	fprintf(f, "{\"id\":\"%s\",\"kinds\":[\"%s\"],\"properties\":"
	    "{\"name\":\"%s\",\"environment\":\"%s\",\"created_at\":\"%s\"",
	    id, gen_og_kind(es, v), name, gen_envs[es->env[v]], t);
	if (es->owner[v] >= 0) {
		gen_name(es, (size_t)es->owner[v], name, sizeof(name));
		fprintf(f, ",\"owner\":\"%s\"", name);
	}
	if (k == GEN_SERVICE_ACCOUNT || k == GEN_CREDENTIAL ||
	    k == GEN_WORKLOAD) {
		if (es->last_used[v] != 0) {
			gen_time(es->last_used[v], t, sizeof(t));
			fprintf(f, ",\"last_used_at\":\"%s\"", t);
		} else
			fputs(",\"last_used_at\":\"never\"", f);
	}
	if (k == GEN_CREDENTIAL && es->expires[v] != 0) {
		gen_time(es->expires[v], t, sizeof(t));
		fprintf(f, ",\"expires_at\":\"%s\"", t);
	}
	if (k == GEN_HUMAN)
		fprintf(f, ",\"email\":\"%s@example.com\"", name);
	fputs("}}", f);
}

int
gen_write_opengraph(const struct gen_estate *es, FILE *f)
{
	char	 a[64], b[64];
	size_t	 v, e;

	fputs("{\"metadata\":{\"source_kind\":\"Estate\"},\n"
	    "\"graph\":{\"nodes\":[\n", f);
	for (v = 0; v < es->nnodes; v++) {
		gen_og_node(es, v, f);
		fputs(v + 1 < es->nnodes ? ",\n" : "\n", f);
	}
	fputs("],\n\"edges\":[\n", f);
	for (e = 0; e < es->nedges; e++) {
		gen_node_id(es, es->esrc[e], a, sizeof(a));
		gen_node_id(es, es->edst[e], b, sizeof(b));
		fprintf(f, "{\"kind\":\"%s\",\"start\":{\"value\":\"%s\"},"
		    "\"end\":{\"value\":\"%s\"}}%s", gen_og_edges[es->ekind[e]],
		    a, b, e + 1 < es->nedges ? ",\n" : "\n");
	}
	fputs("]}}\n", f);
	return 0;
}

/* Append the decimal digits of x to p; returns the new end. */
static char *
gen_digits(char *p, uint32_t x)
{
	char	 tmp[12];
	size_t	 n = 0;

	do {
		tmp[n++] = (char)('0' + x % 10);
		x /= 10;
	} while (x != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

int
gen_write_edgelist(const struct gen_estate *es, FILE *f)
{
	char	 line[32], *p;
	size_t	 e;

	for (e = 0; e < es->nedges; e++) {
		p = gen_digits(line, es->esrc[e]);
		*p++ = ' ';
		p = gen_digits(p, es->edst[e]);
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), f);
	}
	return 0;
}

/*
 * Write n seed lines "from to": from is a credential, service account or
 * workload (what an analyst walks from), to is a system.
 */
int
gen_write_seeds(const struct gen_estate *es, uint64_t seed, size_t n,
    FILE *f)
{
	struct gen_rng	 r = { seed * 7919 + 17 };
	size_t		 i, from, to, lo, hi;
	char		 a[64], b[64];

	lo = es->first[GEN_SERVICE_ACCOUNT];
	hi = es->first[GEN_CREDENTIAL + 1];
	for (i = 0; i < n; i++) {
		from = lo + gen_below(&r, hi - lo);
		to = es->first[GEN_SYSTEM] + gen_below(&r,
		    es->first[GEN_SYSTEM + 1] - es->first[GEN_SYSTEM]);
		gen_node_id(es, from, a, sizeof(a));
		gen_node_id(es, to, b, sizeof(b));
		fprintf(f, "%zu %zu estate:%s estate:%s\n", from, to, a, b);
	}
	return 0;
}
