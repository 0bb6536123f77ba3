/*
 * Tests of the filter language: each field on a small case with known
 * dates, environments and owners; negation and quotes; the blast radius,
 * findings and tag hooks, and what happens without them; error columns;
 * narrowing.
 */
#include "testgraph.h"

#include "blast.h"
#include "query.h"
#include "tstamp.h"

#define DAY	86400
#define NOW	((int64_t)1800000000)

struct qn {
	const char	*key;
	enum kind_node	 kind;
	const char	*env;
	const char	*owner;
	const char	*ctype;
	int64_t		 created;	/* days before NOW, or a TSTAMP_ state */
	int64_t		 used;
	int64_t		 rotated;
	int64_t		 expires;	/* days after NOW */
	int		 disabled;
};

#define U	TSTAMP_UNKNOWN
#define NV	TSTAMP_NEVER

static const struct qn qnodes[] = {
	/* key, kind, env, owner, type, created, used, rotated, expires, dis */
	{ "t:old-key", KIND_NODE_CREDENTIAL, "prod", NULL, "access_key",
	    400, 120, 400, U, 0 },
	{ "t:fresh-key", KIND_NODE_CREDENTIAL, "dev", "t:alice", "api_key",
	    10, 1, 10, 20, 0 },
	{ "t:never-key", KIND_NODE_CREDENTIAL, "prod", "t:bob", "token",
	    200, NV, U, U, 0 },
	{ "t:gone-key", KIND_NODE_CREDENTIAL, "dev", NULL, "token",
	    100, 3, U, -5, 0 },
	{ "t:off-key", KIND_NODE_CREDENTIAL, NULL, NULL, "password",
	    300, 200, U, NV, 1 },
	{ "t:deploy", KIND_NODE_ROLE, "prod", NULL, NULL, U, U, U, U, -1 },
	{ "t:Payments DB", KIND_NODE_SYSTEM, "prod", NULL, NULL,
	    U, U, U, U, -1 },
	{ "t:alice", KIND_NODE_HUMAN, NULL, NULL, NULL, U, U, U, U, -1 },
};

static int64_t
q_days_ago(int64_t d)
{
	return d > TSTAMP_NA ? NOW - d * DAY : d;
}

static int64_t
q_days_ahead(int64_t d)
{
	return d > TSTAMP_NA ? NOW + d * DAY : d;
}

/* Write qnodes and an edge deploy -> Payments DB as one snapshot. */
static struct tg *
q_build(void)
{
	struct store_import_info	 info;
	struct store_writer		*w;
	struct record_node		 n;
	struct record_edge		 e;
	struct tg			*g = calloc(1, sizeof(*g));
	char				*path, *err = NULL;
	size_t				 i;

	g->dir = testutil_tmpdir();
	if (asprintf(&path, "%s/case.db", g->dir) == -1)
		abort();
	if (store_open(path, STORE_CREATE, &g->store, &err) == -1)
		fail_msg("store_open: %s", err);
	free(path);
	if (store_writer_begin(g->store, &w, &err) == -1)
		fail_msg("store_writer_begin: %s", err);
	for (i = 0; i < TG_LEN(qnodes); i++) {
		record_node_init(&n);
		n.key = qnodes[i].key;
		n.kind = qnodes[i].kind;
		n.kinds = i == 0 ? "AWSAccessKey" : kind_node_name(n.kind);
		n.name = strchr(qnodes[i].key, ':') + 1;
		n.environment = qnodes[i].env;
		n.owner = qnodes[i].owner;
		n.credential_type = qnodes[i].ctype;
		n.life.created_at = q_days_ago(qnodes[i].created);
		n.life.last_used_at = q_days_ago(qnodes[i].used);
		n.life.last_rotated_at = q_days_ago(qnodes[i].rotated);
		n.life.expires_at = q_days_ahead(qnodes[i].expires);
		n.life.disabled = qnodes[i].disabled;
		if (store_writer_node(w, &n, &err) != 1)
			fail_msg("node %s: %s", n.key, err);
	}
	record_edge_init(&e);
	e.src = "t:deploy";
	e.dst = "t:Payments DB";
	e.kind = KIND_EDGE_APPLIES_TO;
	e.raw = "AppliesTo";
	if (store_writer_edge(w, &e, &err) != 0)
		fail_msg("edge: %s", err);
	memset(&info, 0, sizeof(info));
	info.source = "test:query";
	info.format = "test";
	info.input = "fixture";
	if (store_writer_commit(w, &info, NULL, &err) == -1)
		fail_msg("commit: %s", err);
	if (model_load(g->store, &g->m, &err) == -1)
		fail_msg("model_load: %s", err);
	return g;
}

/* The findings stub: fresh-key has rule R1, old-key has R1 and R2. */
static int
q_has_finding(void *ctx, size_t v, const char *rule)
{
	const struct model	*m = ctx;
	const char		*k = m->key[v];

	if (strcmp(k, "t:old-key") == 0)
		return rule == NULL || strcmp(rule, "R1") == 0 ||
		    strcmp(rule, "R2") == 0;
	if (strcmp(k, "t:fresh-key") == 0)
		return rule == NULL || strcmp(rule, "R1") == 0;
	return 0;
}

static int
q_has_tag(void *ctx, size_t v, const char *tag)
{
	const struct model	*m = ctx;

	return strcmp(m->key[v], "t:deploy") == 0 &&
	    strcmp(tag, "marked") == 0;
}

/*
 * The keys (names after "t:") filter matches, in node order, joined by
 * spaces into buf. Fails the test when the filter does not compile.
 */
static const char *
q_run(struct tg *g, const struct query_ctx *base, const char *filter,
    char *buf, size_t sz)
{
	struct query_ctx	 ctx = *base;
	struct query		*q;
	char			*err = NULL;
	size_t			 v;
	const char		*order[TG_LEN(qnodes)];
	size_t			 i, n = 0;

	ctx.m = g->m;
	if (query_compile(filter, &q, &err) == -1)
		fail_msg("%s: %s", filter, err);
	query_bind(q, &ctx);
	for (i = 0; i < TG_LEN(qnodes); i++) {
		v = tg_node(g, qnodes[i].key);
		if (query_eval(q, v, NULL, 0))
			order[n++] = qnodes[i].key + 2;
	}
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		strncat(buf, order[i], sz - strlen(buf) - 1);
		if (i + 1 < n)
			strncat(buf, " ", sz - strlen(buf) - 1);
	}
	query_free(q);
	return buf;
}

static void
query_words_and_fields(void **state)
{
	struct tg		*g = q_build();
	struct query_ctx	 ctx;
	char			 b[256];

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	ctx.now = NOW;
	assert_string_equal(q_run(g, &ctx, "KEY", b, sizeof(b)),
	    "old-key fresh-key never-key gone-key off-key");
	assert_string_equal(q_run(g, &ctx, "kind:cred env:prod", b,
	    sizeof(b)), "old-key never-key");
	assert_string_equal(q_run(g, &ctx, "kinds:awsaccess", b, sizeof(b)),
	    "old-key");
	assert_string_equal(q_run(g, &ctx, "env:none", b, sizeof(b)),
	    "off-key alice");
	assert_string_equal(q_run(g, &ctx, "env:dev", b, sizeof(b)),
	    "fresh-key gone-key");
	assert_string_equal(q_run(g, &ctx, "kind:credential owner:none", b,
	    sizeof(b)), "old-key gone-key off-key");
	assert_string_equal(q_run(g, &ctx, "owner:alice", b, sizeof(b)),
	    "fresh-key");
	assert_string_equal(q_run(g, &ctx, "type:token", b, sizeof(b)),
	    "never-key gone-key");
	assert_string_equal(q_run(g, &ctx, "source:test:query kind:system",
	    b, sizeof(b)), "Payments DB");
	assert_string_equal(q_run(g, &ctx, "\"payments db\"", b, sizeof(b)),
	    "Payments DB");
	assert_string_equal(q_run(g, &ctx, "kind:credential !env:prod", b,
	    sizeof(b)), "fresh-key gone-key off-key");
	assert_string_equal(q_run(g, &ctx, "t:alice", b, sizeof(b)), "alice");
	assert_string_equal(q_run(g, &ctx, "  ", b, sizeof(b)),
	    "old-key fresh-key never-key gone-key off-key deploy Payments DB "
	    "alice");
	tg_free(g);
}

static void
query_ages(void **state)
{
	struct tg		*g = q_build();
	struct query_ctx	 ctx;
	char			 b[256];

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	ctx.now = NOW;
	assert_string_equal(q_run(g, &ctx, "stale:>90d", b, sizeof(b)),
	    "old-key never-key");
	assert_string_equal(q_run(g, &ctx, "stale:>150d", b, sizeof(b)),
	    "never-key");
	assert_string_equal(q_run(g, &ctx, "stale:yes", b, sizeof(b)),
	    "old-key never-key");
	assert_string_equal(q_run(g, &ctx, "used:<7d", b, sizeof(b)),
	    "fresh-key gone-key");
	assert_string_equal(q_run(g, &ctx, "used:never", b, sizeof(b)),
	    "never-key");
	assert_string_equal(q_run(g, &ctx, "rotated:>1y", b, sizeof(b)),
	    "old-key");
	assert_string_equal(q_run(g, &ctx, "created:<30d", b, sizeof(b)),
	    "fresh-key");
	assert_string_equal(q_run(g, &ctx, "expires:<30d", b, sizeof(b)),
	    "fresh-key");
	assert_string_equal(q_run(g, &ctx, "expires:past", b, sizeof(b)),
	    "gone-key");
	assert_string_equal(q_run(g, &ctx, "expires:never", b, sizeof(b)),
	    "off-key");
	assert_string_equal(q_run(g, &ctx, "is:disabled", b, sizeof(b)),
	    "off-key");
	assert_string_equal(q_run(g, &ctx, "is:expired", b, sizeof(b)),
	    "gone-key");
	assert_string_equal(q_run(g, &ctx, "is:stale", b, sizeof(b)),
	    "old-key never-key");
	assert_string_equal(q_run(g, &ctx, "kind:cred !is:valid", b,
	    sizeof(b)), "gone-key off-key");
	tg_free(g);
}

static void
query_kind_not_source_kinds(void **state)
{
	struct tg		*g = q_build();
	struct query_ctx	 ctx;
	char			 b[256];

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	ctx.now = NOW;
	assert_string_equal(q_run(g, &ctx, "kind:awsaccess", b, sizeof(b)),
	    "");
	assert_string_equal(q_run(g, &ctx, "kinds:awsaccess", b, sizeof(b)),
	    "old-key");
	assert_string_equal(q_run(g, &ctx, "kind:ro", b, sizeof(b)),
	    "deploy");
	assert_string_equal(q_run(g, &ctx, "kinds:token", b, sizeof(b)), "");
	tg_free(g);
}

static void
query_last_use_after_clock(void **state)
{
	struct tg		*g = q_build();
	struct query_ctx	 ctx;
	char			 b[256];

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	/* Two days early: fresh-key's last use is a day after the clock. */
	ctx.now = NOW - 2 * DAY;
	assert_string_equal(q_run(g, &ctx, "used:<7d", b, sizeof(b)),
	    "fresh-key gone-key");
	assert_string_equal(q_run(g, &ctx, "kind:cred used:unknown", b,
	    sizeof(b)), "");
	assert_string_equal(q_run(g, &ctx, "kind:role used:unknown", b,
	    sizeof(b)), "deploy");
	assert_string_equal(q_run(g, &ctx, "used:>0d kind:cred", b,
	    sizeof(b)), "old-key gone-key off-key");
	tg_free(g);
}

static void
query_hooks(void **state)
{
	struct tg		*g = q_build();
	struct query_ctx	 ctx;
	struct blast		 bl;
	uint32_t		 cols[BLAST_NCOLUMNS][TG_LEN(qnodes)];
	char			 b[256];
	size_t			 deploy;

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	ctx.now = NOW;

	/* Without the hooks, finding:, tag: and reach: match nothing. */
	assert_string_equal(q_run(g, &ctx, "finding:R1", b, sizeof(b)), "");
	assert_string_equal(q_run(g, &ctx, "tag:marked", b, sizeof(b)), "");
	assert_string_equal(q_run(g, &ctx, "reach:system", b, sizeof(b)), "");

	ctx.has_finding = q_has_finding;
	ctx.finding_ctx = g->m;
	ctx.has_tag = q_has_tag;
	ctx.tag_ctx = g->m;
	assert_string_equal(q_run(g, &ctx, "finding:R1", b, sizeof(b)),
	    "old-key fresh-key");
	assert_string_equal(q_run(g, &ctx, "finding:R2", b, sizeof(b)),
	    "old-key");
	assert_string_equal(q_run(g, &ctx, "kind:cred !finding:any", b,
	    sizeof(b)), "never-key gone-key off-key");
	assert_string_equal(q_run(g, &ctx, "tag:marked", b, sizeof(b)),
	    "deploy");

	memset(&bl, 0, sizeof(bl));
	memset(cols, 0, sizeof(cols));
	bl.nnodes = g->m->nnodes;
	deploy = tg_node(g, "t:deploy");
	cols[BLAST_SYSTEMS][deploy] = 1;
	for (int k = 0; k < BLAST_NCOLUMNS; k++)
		bl.count[k] = cols[k];
	ctx.blast = &bl;
	assert_string_equal(q_run(g, &ctx, "reach:system", b, sizeof(b)),
	    "deploy");
	assert_string_equal(q_run(g, &ctx, "reach:admin", b, sizeof(b)), "");
	assert_string_equal(q_run(g, &ctx, "reach:any", b, sizeof(b)),
	    "deploy");
	tg_free(g);
}

/* Compile text and return the message; fails when it compiles. */
static char *
q_error(const char *text)
{
	struct query	*q = NULL;
	char		*err = NULL;

	if (query_compile(text, &q, &err) == 0)
		fail_msg("\"%s\" compiled", text);
	return err;
}

static void
query_errors_give_column(void **state)
{
	char	*e;

	(void)state;
	e = q_error("kind:credential stale:90");
	assert_non_null(strstr(e, "column 17"));
	assert_non_null(strstr(e, "not an age"));
	free(e);
	e = q_error("env:");
	assert_non_null(strstr(e, "column 1: a field needs a value"));
	free(e);
	e = q_error("a \"open");
	assert_non_null(strstr(e, "column 3: unclosed quote"));
	free(e);
	e = q_error("x reach:moon");
	assert_non_null(strstr(e, "column 3: unknown reach target"));
	free(e);
	e = q_error("is:happy");
	assert_non_null(strstr(e, "unknown state"));
	free(e);
	e = q_error("!");
	assert_non_null(strstr(e, "needs a term"));
	free(e);
}

static void
query_needs_flags(void **state)
{
	struct query	*q;
	char		*err = NULL;

	(void)state;
	assert_int_equal(query_compile("finding:x reach:admin tag:t", &q,
	    &err), 0);
	assert_int_equal(query_needs(q), QUERY_NEEDS_BLAST |
	    QUERY_NEEDS_FINDINGS | QUERY_NEEDS_TAGS);
	assert_false(query_empty(q));
	query_free(q);
	assert_int_equal(query_compile("", &q, &err), 0);
	assert_true(query_empty(q));
	assert_int_equal(query_needs(q), 0);
	query_free(q);
}

/* 1 when next narrows prev, both compiled from text. */
static int
q_narrows(const char *prev, const char *next)
{
	struct query	*p = NULL, *n = NULL;
	char		*err = NULL;
	int		 rc;

	if (query_compile(prev, &p, &err) == -1 ||
	    query_compile(next, &n, &err) == -1)
		fail_msg("compile: %s", err);
	rc = query_narrows(p, n);
	query_free(p);
	query_free(n);
	return rc;
}

static void
query_narrowing(void **state)
{
	(void)state;
	assert_true(q_narrows("", "anything"));
	assert_true(q_narrows("pay", "paym"));
	assert_true(q_narrows("pay", "pay kind:cred"));
	assert_true(q_narrows("kind:cred", "kind:credential"));
	assert_true(q_narrows("stale:>90d", "stale:>120d"));
	assert_true(q_narrows("expires:<30d", "expires:<7d"));
	assert_false(q_narrows("expires:<3d", "expires:<30d"));
	assert_false(q_narrows("stale:>9", "stale:>1"));
	assert_false(q_narrows("!pay", "!paym"));
	assert_false(q_narrows("pay", "pa"));
	assert_false(q_narrows("owner:none", "owner:nonex"));
	assert_false(q_narrows("kind:cred", "env:prod"));
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(query_words_and_fields),
		cmocka_unit_test(query_ages),
		cmocka_unit_test(query_kind_not_source_kinds),
		cmocka_unit_test(query_last_use_after_clock),
		cmocka_unit_test(query_hooks),
		cmocka_unit_test(query_errors_give_column),
		cmocka_unit_test(query_needs_flags),
		cmocka_unit_test(query_narrowing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
