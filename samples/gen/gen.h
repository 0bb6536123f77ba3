/*
 * The synthetic estate generator behind the benchmark (see gen.c).
 *
 * An estate is built in memory first: nodes numbered densely from 0,
 * each with a kind and a few dates, and edges as three parallel arrays
 * grouped by start node. The writers (gen_write.c, gen_cloud.c) then
 * turn the same estate into each input format, so every format and the
 * plain edge list describe one graph.
 */
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Node kinds of the estate, in the order their id ranges come. */
enum gen_kind {
	GEN_HUMAN,
	GEN_GROUP,
	GEN_SERVICE_ACCOUNT,
	GEN_WORKLOAD,
	GEN_CREDENTIAL,
	GEN_ROLE,
	GEN_POLICY,
	GEN_PRIVILEGE,
	GEN_SYSTEM,
	GEN_NKINDS
};

/* Edge kinds, each written under its OpenGraph name. */
enum gen_edge {
	GEN_OWNS,
	GEN_MEMBER_OF,
	GEN_HAS_ROLE,
	GEN_CAN_ASSUME,
	GEN_HAS_POLICY,
	GEN_GRANTS,
	GEN_APPLIES_TO,
	GEN_AUTHENTICATES_AS,
	GEN_USES,
	GEN_RUNS_AS,
	GEN_CONTAINS,
	GEN_NEDGES
};

/* Environments a node can belong to. */
#define GEN_NENVS	4

/* The fixed "now" of every estate: dates are spread before it. */
#define GEN_NOW		1796083200	/* 2026-12-01T00:00:00Z */

struct gen_rng {
	uint64_t	 s;
};

struct gen_estate {
	size_t		 nnodes;
	size_t		 first[GEN_NKINDS + 1];	/* id range of each kind */
	uint8_t		*env;		/* environment index */
	int32_t		*owner;		/* human id, or -1 */
	int64_t		*created;	/* Unix seconds */
	int64_t		*last_used;	/* Unix seconds, 0 for never */
	int64_t		*expires;	/* Unix seconds, 0 for none */
	size_t		 admin_policy;	/* the policy that reaches everything */

	size_t		 nedges;
	size_t		 capedges;
	uint32_t	*esrc;
	uint32_t	*edst;
	uint8_t		*ekind;		/* enum gen_edge */
};

/* gen.c */
uint64_t	 gen_next(struct gen_rng *);
size_t		 gen_below(struct gen_rng *, size_t n);
enum gen_kind	 gen_kind_of(const struct gen_estate *, size_t v);
void		 gen_node_id(const struct gen_estate *, size_t v, char *buf,
		    size_t len);
void		*gen_alloc(size_t n, size_t size);

/* gen_write.c: the OpenGraph document, the edge list and the seeds. */
int	 gen_write_opengraph(const struct gen_estate *, FILE *);
int	 gen_write_edgelist(const struct gen_estate *, FILE *);
int	 gen_write_seeds(const struct gen_estate *, uint64_t seed, size_t n,
	    FILE *);
void	 gen_time(int64_t t, char *buf, size_t len);

/* gen_cloud.c: AWS authorization details and GCP asset JSON Lines. */
int	 gen_write_aws(const struct gen_estate *, const char *dir,
	    size_t accounts);
int	 gen_write_gcp(const struct gen_estate *, const char *dir,
	    size_t projects);

#endif
