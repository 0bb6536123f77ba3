/*
 * gen: write a synthetic estate of machine identities for the benchmark.
 *
 *	gen [-n nodes] [-e edges] [-s seed] [-a accounts] [-p projects] DIR
 *
 * The estate has the shape of a large company's: about 60 machine
 * identities per person, 30 percent of machine identities without an
 * owner, groups whose membership is skewed so that a few are huge hubs,
 * roles that assume each other in chains with some cycles, policies
 * whose fan-out to privileges is heavy-tailed, one admin policy that
 * reaches every system, and credentials whose ages are spread over ten
 * years, some used from several environments. The same arguments always
 * write the same bytes (a splitmix64 generator, no clock, no locale).
 *
 * DIR receives estate.json (OpenGraph), edges.txt (one "src dst" pair
 * of node numbers per line, for other graph tools), nodes.txt (the key
 * of each node number), seeds.txt (start and end nodes for timed walks),
 * aws/ (authorization details of a slice, one file per account) and
 * gcp/ (Cloud Asset Inventory JSON Lines of another slice, one file per
 * project).
 */
#include "gen.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Share of the nodes each kind gets, in thousandths; systems take the rest. */
static const unsigned gen_share[GEN_NKINDS] = {
	[GEN_HUMAN] = 16,		/* about 60 machine identities each */
	[GEN_GROUP] = 3,
	[GEN_SERVICE_ACCOUNT] = 300,
	[GEN_WORKLOAD] = 140,
	[GEN_CREDENTIAL] = 250,
	[GEN_ROLE] = 60,
	[GEN_POLICY] = 30,
	[GEN_PRIVILEGE] = 80,
};

static const char *const gen_tags[GEN_NKINDS] = {
	"u", "grp", "sa", "wl", "cred", "role", "pol", "priv", "sys"
};

/* The open-addressing set of node pairs that already have an edge. */
struct gen_pairs {
	uint64_t	*slot;		/* src << 32 | dst, + 1; 0 is empty */
	size_t		 mask;
};

struct gen_opts {
	size_t		 nodes;
	size_t		 edges;
	uint64_t	 seed;
	size_t		 accounts;
	size_t		 projects;
	const char	*dir;
};

uint64_t
gen_next(struct gen_rng *r)
{
	uint64_t	 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform number in [0, n); n > 0. */
size_t
gen_below(struct gen_rng *r, size_t n)
{
	return (size_t)((gen_next(r) >> 11) % n);
}

/* A uniform double in [0, 1). */
static double
gen_unit(struct gen_rng *r)
{
	return (double)(gen_next(r) >> 11) / 9007199254740992.0;
}

/*
 * A number in [0, n) skewed towards 0: u^a for uniform u, so with a = 3
 * a fifth of the picks land in the first hundredth.
 */
static size_t
gen_skewed(struct gen_rng *r, size_t n, double a)
{
	size_t	 i = (size_t)((double)n * pow(gen_unit(r), a));

	return i < n ? i : n - 1;
}

void *
gen_alloc(size_t n, size_t size)
{
	void	*p = calloc(n != 0 ? n : 1, size);

	if (p == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	return p;
}

enum gen_kind
gen_kind_of(const struct gen_estate *es, size_t v)
{
	int	 k;

	for (k = 0; k < GEN_NKINDS - 1; k++) {
		if (v < es->first[k + 1])
			return k;
	}
	return GEN_SYSTEM;
}

void
gen_node_id(const struct gen_estate *es, size_t v, char *buf, size_t len)
{
	enum gen_kind	 k = gen_kind_of(es, v);

	snprintf(buf, len, "%s-%zu", gen_tags[k], v - es->first[k]);
}

/* A node id of kind k, picked uniformly or skewed (a > 1). */
static size_t
gen_pick(const struct gen_estate *es, struct gen_rng *r, enum gen_kind k,
    double a)
{
	size_t	 n = es->first[k + 1] - es->first[k];

	return es->first[k] + (a > 1.0 ? gen_skewed(r, n, a) :
	    gen_below(r, n));
}

/* Add edge src -> dst unless the pair has one; returns 1 when added. */
static int
gen_edge(struct gen_estate *es, struct gen_pairs *p, size_t src, size_t dst,
    enum gen_edge kind)
{
	uint64_t	 key = ((uint64_t)src << 32 | dst) + 1, h;
	size_t		 i;

	if (src == dst)
		return 0;
	h = key * 0x9e3779b97f4a7c15ULL;
	for (i = (size_t)(h >> 20) & p->mask; p->slot[i] != 0;
	    i = (i + 1) & p->mask) {
		if (p->slot[i] == key)
			return 0;
	}
	p->slot[i] = key;
	if (es->nedges == es->capedges) {
		fprintf(stderr, "gen: more edges than planned\n");
		exit(1);
	}
	es->esrc[es->nedges] = (uint32_t)src;
	es->edst[es->nedges] = (uint32_t)dst;
	es->ekind[es->nedges] = (uint8_t)kind;
	es->nedges++;
	return 1;
}

/* Number each kind's nodes and give every node its dates. */
static void
gen_nodes(struct gen_estate *es, struct gen_rng *r, size_t n)
{
	size_t		 v, at = 0, count;
	int		 k;
	double		 u;
	const int64_t	 start = GEN_NOW - 10 * 365 * 86400LL;

	for (k = 0; k < GEN_NKINDS; k++) {
		es->first[k] = at;
		count = k == GEN_SYSTEM ? (n > at ? n - at : 0) :
		    n * gen_share[k] / 1000;
		if (count < 2)
			count = 2;
		at += count;
	}
	es->first[GEN_NKINDS] = es->nnodes = at;
	es->env = gen_alloc(at, 1);
	es->owner = gen_alloc(at, sizeof(*es->owner));
	es->created = gen_alloc(at, sizeof(*es->created));
	es->last_used = gen_alloc(at, sizeof(*es->last_used));
	es->expires = gen_alloc(at, sizeof(*es->expires));
	for (v = 0; v < at; v++) {
		es->env[v] = (uint8_t)gen_skewed(r, GEN_NENVS, 1.6);
		es->owner[v] = -1;
		es->created[v] = start + (int64_t)gen_below(r,
		    (size_t)(GEN_NOW - start - 86400));
		u = gen_unit(r);
		/* A sixth never used; the rest skewed towards recent use. */
		if (u >= 1.0 / 6)
			es->last_used[v] = GEN_NOW - (int64_t)((double)(GEN_NOW -
			    es->created[v]) * pow(gen_unit(r), 3.0));
		k = gen_kind_of(es, v);
		if (k == GEN_CREDENTIAL && gen_below(r, 10) < 3) {
			es->expires[v] = GEN_NOW - 365 * 86400LL +
			    (int64_t)gen_below(r, 3 * 365 * 86400);
			/* A credential expires after it was made. */
			if (es->expires[v] <= es->created[v])
				es->expires[v] = es->created[v] + 90 * 86400LL;
		}
	}
}

/* Owners: 70 percent of machine identities, skewed over the people. */
static void
gen_owners(struct gen_estate *es, struct gen_pairs *p, struct gen_rng *r)
{
	size_t	 v, h;

	for (v = es->first[GEN_SERVICE_ACCOUNT];
	    v < es->first[GEN_CREDENTIAL + 1]; v++) {
		if (gen_below(r, 10) < 3)
			continue;
		h = gen_pick(es, r, GEN_HUMAN, 2.0);
		es->owner[v] = (int32_t)h;
		gen_edge(es, p, h, v, GEN_OWNS);
	}
}

/* The edges every node of a kind has, before the skewed fill. */
static void
gen_structure(struct gen_estate *es, struct gen_pairs *p, struct gen_rng *r)
{
	size_t	 v, i, nsys, c, nroles;

	for (v = es->first[GEN_HUMAN]; v < es->first[GEN_HUMAN + 1]; v++)
		for (i = 1 + gen_below(r, 3); i > 0; i--)
			gen_edge(es, p, v, gen_pick(es, r, GEN_GROUP, 1.0),
			    GEN_MEMBER_OF);
	for (v = es->first[GEN_SERVICE_ACCOUNT];
	    v < es->first[GEN_SERVICE_ACCOUNT + 1]; v++)
		gen_edge(es, p, v, gen_pick(es, r, GEN_GROUP, 3.0),
		    GEN_MEMBER_OF);
	for (v = es->first[GEN_WORKLOAD]; v < es->first[GEN_WORKLOAD + 1];
	    v++) {
		gen_edge(es, p, v, gen_pick(es, r, GEN_SERVICE_ACCOUNT, 1.0),
		    GEN_RUNS_AS);
		for (i = 1 + gen_below(r, 3); i > 0; i--)
			gen_edge(es, p, v, gen_pick(es, r, GEN_CREDENTIAL, 1.0),
			    GEN_USES);
	}
	for (v = es->first[GEN_CREDENTIAL]; v < es->first[GEN_CREDENTIAL + 1];
	    v++)
		gen_edge(es, p, v, gen_pick(es, r, GEN_SERVICE_ACCOUNT, 1.0),
		    GEN_AUTHENTICATES_AS);

	/* Chains of roles, each link back to an earlier role closing a cycle. */
	nroles = es->first[GEN_ROLE + 1] - es->first[GEN_ROLE];
	for (i = 0; i + 1 < nroles; i++) {
		v = es->first[GEN_ROLE] + i;
		if (gen_below(r, 2) == 0)
			gen_edge(es, p, v, v + 1, GEN_CAN_ASSUME);
		if (gen_below(r, 20) == 0 && i > 0)
			gen_edge(es, p, v, v - 1 - gen_below(r, i < 8 ? i : 8),
			    GEN_CAN_ASSUME);
		gen_edge(es, p, v, gen_pick(es, r, GEN_POLICY, 2.5),
		    GEN_HAS_POLICY);
	}
	for (v = es->first[GEN_GROUP]; v < es->first[GEN_GROUP + 1]; v++) {
		gen_edge(es, p, v, gen_pick(es, r, GEN_ROLE, 1.0),
		    GEN_HAS_ROLE);
		gen_edge(es, p, v, gen_pick(es, r, GEN_POLICY, 2.0),
		    GEN_HAS_POLICY);
	}

	/* Privileges apply to systems; systems form a containment tree. */
	for (v = es->first[GEN_PRIVILEGE] + 1;
	    v < es->first[GEN_PRIVILEGE + 1]; v++)
		gen_edge(es, p, v, gen_pick(es, r, GEN_SYSTEM, 1.0),
		    GEN_APPLIES_TO);
	nsys = es->first[GEN_SYSTEM + 1] - es->first[GEN_SYSTEM];
	for (i = 1; i < nsys; i++)
		gen_edge(es, p, es->first[GEN_SYSTEM] + (i - 1) / 8,
		    es->first[GEN_SYSTEM] + i, GEN_CONTAINS);

	/* The admin policy: a wildcard privilege on every system. */
	es->admin_policy = es->first[GEN_POLICY];
	gen_edge(es, p, es->admin_policy, es->first[GEN_PRIVILEGE],
	    GEN_GRANTS);
	for (i = 0; i < nsys; i++)
		gen_edge(es, p, es->first[GEN_PRIVILEGE],
		    es->first[GEN_SYSTEM] + i, GEN_APPLIES_TO);
	for (c = 0; c < 3; c++)
		gen_edge(es, p, gen_pick(es, r, GEN_ROLE, 1.0),
		    es->admin_policy, GEN_HAS_POLICY);
}

/*
 * Fill the edge budget with skewed memberships, role and policy
 * attachments and grants. A policy's grants follow a power law, so a few
 * policies grant thousands of privileges and most grant a handful.
 */
static void
gen_fill(struct gen_estate *es, struct gen_pairs *p, struct gen_rng *r,
    size_t target)
{
	size_t	 tries = 0, pick, src, dst;

	while (es->nedges < target && tries++ < target * 4) {
		pick = gen_below(r, 100);
		if (pick < 35) {
			src = gen_pick(es, r, GEN_SERVICE_ACCOUNT, 1.0);
			dst = gen_pick(es, r, GEN_GROUP, 3.0);
			gen_edge(es, p, src, dst, GEN_MEMBER_OF);
		} else if (pick < 55) {
			src = gen_pick(es, r, GEN_SERVICE_ACCOUNT, 1.0);
			dst = gen_pick(es, r, GEN_ROLE, 2.0);
			gen_edge(es, p, src, dst, GEN_HAS_ROLE);
		} else if (pick < 80) {
			src = gen_pick(es, r, GEN_ROLE, 1.0);
			dst = gen_pick(es, r, GEN_POLICY, 2.5);
			/* Only the three roles above hold the admin policy. */
			if (dst != es->admin_policy)
				gen_edge(es, p, src, dst, GEN_HAS_POLICY);
		} else {
			src = gen_pick(es, r, GEN_POLICY, 4.0);
			dst = gen_pick(es, r, GEN_PRIVILEGE, 1.0);
			if (src != es->admin_policy &&
			    dst != es->first[GEN_PRIVILEGE])
				gen_edge(es, p, src, dst, GEN_GRANTS);
		}
	}
}

static void
gen_usage(void)
{
	fprintf(stderr, "usage: gen [-n nodes] [-e edges] [-s seed] "
	    "[-a aws-accounts] [-p gcp-projects] DIR\n");
	exit(1);
}

static size_t
gen_number(const char *text)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v > UINT32_MAX / 2) {
		fprintf(stderr, "gen: invalid number \"%s\"\n", text);
		exit(1);
	}
	return (size_t)v;
}

static void
gen_parse(int argc, char **argv, struct gen_opts *o)
{
	int	 i;

	o->nodes = 100000;
	o->edges = 0;
	o->seed = 1;
	o->accounts = 0;
	o->projects = 0;
	o->dir = NULL;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' && o->dir == NULL)
			o->dir = argv[i];
		else if (i + 1 >= argc || argv[i][0] != '-' ||
		    strlen(argv[i]) != 2)
			gen_usage();
		else if (argv[i][1] == 'n')
			o->nodes = gen_number(argv[++i]);
		else if (argv[i][1] == 'e')
			o->edges = gen_number(argv[++i]);
		else if (argv[i][1] == 's')
			o->seed = gen_number(argv[++i]);
		else if (argv[i][1] == 'a')
			o->accounts = gen_number(argv[++i]);
		else if (argv[i][1] == 'p')
			o->projects = gen_number(argv[++i]);
		else
			gen_usage();
	}
	if (o->dir == NULL || o->nodes < 100)
		gen_usage();
	if (o->edges == 0)
		o->edges = o->nodes * 10;
	if (o->accounts == 0)
		o->accounts = o->nodes / 50000 + 2;
	if (o->projects == 0)
		o->projects = o->nodes / 50000 + 2;
}

/* Open DIR/name for writing with a large buffer; exits on failure. */
static FILE *
gen_open(const char *dir, const char *name)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void
gen_close(FILE *f, const char *name)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "gen: writing %s failed\n", name);
		exit(1);
	}
}

/* Write the files of one estate into o->dir. */
static void
gen_write_all(const struct gen_estate *es, const struct gen_opts *o)
{
	char	 id[64];
	FILE	*f;
	size_t	 v;

	if (mkdir(o->dir, 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", o->dir, strerror(errno));
		exit(1);
	}
	f = gen_open(o->dir, "estate.json");
	gen_write_opengraph(es, f);
	gen_close(f, "estate.json");
	f = gen_open(o->dir, "edges.txt");
	gen_write_edgelist(es, f);
	gen_close(f, "edges.txt");
	f = gen_open(o->dir, "nodes.txt");
	for (v = 0; v < es->nnodes; v++) {
		gen_node_id(es, v, id, sizeof(id));
		fprintf(f, "estate:%s\n", id);
	}
	gen_close(f, "nodes.txt");
	f = gen_open(o->dir, "seeds.txt");
	gen_write_seeds(es, o->seed, 100, f);
	gen_close(f, "seeds.txt");
	if (gen_write_aws(es, o->dir, o->accounts) == -1 ||
	    gen_write_gcp(es, o->dir, o->projects) == -1)
		exit(1);
}

int
main(int argc, char **argv)
{
	struct gen_opts		 o;
	struct gen_estate	 es;
	struct gen_pairs	 p;
	struct gen_rng		 r;
	size_t			 cap;

	gen_parse(argc, argv, &o);
	memset(&es, 0, sizeof(es));
	r.s = o.seed;
	gen_nodes(&es, &r, o.nodes);

	/* Room for the budget and the structure, which may exceed it. */
	es.capedges = o.edges + es.nnodes * 6 + 16;
	es.esrc = gen_alloc(es.capedges, sizeof(*es.esrc));
	es.edst = gen_alloc(es.capedges, sizeof(*es.edst));
	es.ekind = gen_alloc(es.capedges, 1);
	for (cap = 1024; cap < es.capedges * 2; cap *= 2)
		;
	p.slot = gen_alloc(cap, sizeof(*p.slot));
	p.mask = cap - 1;

	gen_owners(&es, &p, &r);
	gen_structure(&es, &p, &r);
	gen_fill(&es, &p, &r, o.edges);
	free(p.slot);

	gen_write_all(&es, &o);
	printf("gen: %zu nodes, %zu edges in %s\n", es.nnodes, es.nedges,
	    o.dir);
	return 0;
}
