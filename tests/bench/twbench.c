/*
 * twbench: the benchmark's timing harness, linked with libtw.a so that
 * it times the same code the program runs, without the terminal.
 *
 *	twbench open CASE		open, load, draw the node list once
 *	twbench walk CASE SEEDS		reach and path from the seeds
 *	twbench filter CASE KEYS	replay keys into the node list's filter
 *	twbench blast CASE		blast radius of every credential
 *	twbench findings CASE		every posture rule over the case
 *
 * Each prints "name value" lines on stdout that tests/bench/bench.sh
 * reads: times in milliseconds from the start of main() (the time
 * before it, exec and dynamic loading, is left out), memory in kB from
 * /proc/self/status. SEEDS has one "from to fromkey tokey" line per
 * walk, as samples/gen writes it. KEYS is the text to type, where '<'
 * stands for Backspace and '|' for Esc; the replay opens the filter
 * with '/' first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annot.h"
#include "app.h"
#include "blast.h"
#include "cancel.h"
#include "canvas.h"
#include "cmd.h"
#include "findings.h"
#include "model.h"
#include "paths.h"
#include "reach.h"
#include "scenario.h"
#include "store.h"
#include "term.h"
#include "theme.h"
#include "views.h"
#include "xalloc.h"

#define TWBENCH_MAX_SAMPLES	4096
/* The clock of the findings run: samples/gen's GEN_NOW, 2026-12-01. */
#define TWBENCH_FINDINGS_NOW	1796083200

static double
twbench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Print VmRSS and VmHWM of this process. */
static void
twbench_memory(const char *label)
{
	char	 line[256];
	FILE	*f = fopen("/proc/self/status", "r");
	long	 kb;

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			printf("%s_rss_kb %ld\n", label, kb);
		else if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			printf("%s_hwm_kb %ld\n", label, kb);
	}
	fclose(f);
}

/*
 * CPU time of this thread in milliseconds, which other processes on a
 * busy machine do not inflate as they do wall time.
 */
static double
twbench_cpu(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
twbench_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Print p50, p99 and max of n samples (n > 0), which it sorts. */
static void
twbench_stats(const char *name, double *v, size_t n)
{
	size_t	 p99 = (n * 99 + 99) / 100;

	qsort(v, n, sizeof(*v), twbench_cmp);
	printf("%s_p50_ms %.3f\n", name, v[(n - 1) / 2]);
	printf("%s_p99_ms %.3f\n", name, v[(p99 > 0 ? p99 : 1) - 1]);
	printf("%s_max_ms %.3f\n", name, v[n - 1]);
	printf("%s_n %zu\n", name, n);
}

/* Open the case and load its model, printing both times. */
static int
twbench_load(const char *path, double t0, struct store **s,
    struct model **m)
{
	char	*err = NULL;

	if (store_open(path, 0, s, &err) == -1 ||
	    model_load(*s, m, &err) == -1) {
		fprintf(stderr, "twbench: %s\n", err);
		free(err);
		return -1;
	}
	printf("graph_ready_ms %.3f\n", twbench_now() - t0);
	printf("nodes %zu\nedges %zu\n", (*m)->nnodes, (*m)->nedges);
	return 0;
}

/*
 * Set up the parts of the interface's context the node list uses, with
 * the case's annotations as the interface loads them.
 */
static int
twbench_app(struct app *a, struct cli *cli, struct store *s, struct model *m)
{
	char	*err = NULL;

	memset(a, 0, sizeof(*a));
	memset(cli, 0, sizeof(*cli));
	cli->now = (int64_t)time(NULL);
	a->cli = cli;
	a->store = s;
	a->model = m;
	if (annot_load(s, &a->annot, &err) == -1) {
		fprintf(stderr, "twbench: %s\n", err);
		free(err);
		return -1;
	}
	a->case_name = xstrdup("bench");
	scenario_init(&a->sc, m);
	theme_builtin(&a->theme);
	canvas_init(&a->canvas);
	canvas_resize(&a->canvas, 160, 48);
	a->mark = -1;
	return 0;
}

static void
twbench_app_free(struct app *a)
{
	canvas_free(&a->canvas);
	theme_free(&a->theme);
	scenario_free(&a->sc);
	blast_free(&a->blast);
	annot_free(a->annot);
	free(a->case_name);
}

static void
twbench_draw(struct view *v, struct app *a)
{
	canvas_clear(&a->canvas);
	v->ops->draw(v, a, &a->canvas, 1, a->canvas.h - 2);
}

/* Cold start: open, graph ready, the first screen of the node list. */
static int
twbench_open(const char *path, double t0)
{
	struct store	*s;
	struct model	*m;
	struct app	 a;
	struct cli	 cli;
	struct view	*v;

	if (twbench_load(path, t0, &s, &m) == -1)
		return 1;
	twbench_memory("loaded");
	if (twbench_app(&a, &cli, s, m) == -1)
		return 1;
	v = list_create(&a);
	twbench_draw(v, &a);
	printf("first_screen_ms %.3f\n", twbench_now() - t0);
	twbench_memory("open");
	v->ops->free(v);
	twbench_app_free(&a);
	model_free(m);
	store_close(s);
	return 0;
}

/*
 * Reach from every seed and a shortest path to its end. The time until
 * the fifth reach ends, from the start of main(), is the cold figure
 * compared with the peers' load and five reaches.
 */
static int
twbench_walk(const char *path, const char *seeds, double t0)
{
	static double	 rt[TWBENCH_MAX_SAMPLES], pt[TWBENCH_MAX_SAMPLES];
	static double	 rc[TWBENCH_MAX_SAMPLES], pc[TWBENCH_MAX_SAMPLES];
	struct store	*s;
	struct model	*m;
	struct scenario	 sc;
	struct reach_filter f;
	struct reach	 r;
	struct paths	 p;
	struct path	 out;
	char		 fk[512], tk[512];
	FILE		*in;
	size_t		 n = 0, reached = 0, found = 0;
	long		 from, to;
	int64_t		 a, b;
	double		 t, cpu;

	if ((in = fopen(seeds, "r")) == NULL) {
		perror(seeds);
		return 1;
	}
	if (twbench_load(path, t0, &s, &m) == -1) {
		fclose(in);
		return 1;
	}
	scenario_init(&sc, m);
	scenario_filter(&sc, &f);
	reach_init(&r, m);
	paths_init(&p, m);
	while (n < TWBENCH_MAX_SAMPLES && fscanf(in, "%ld %ld %511s %511s",
	    &from, &to, fk, tk) == 4) {
		if ((a = model_find(m, fk)) < 0 || (b = model_find(m, tk)) < 0) {
			fprintf(stderr, "twbench: seed %s or %s not in the "
			    "case\n", fk, tk);
			continue;
		}
		t = twbench_now();
		cpu = twbench_cpu();
		reach_run(&r, (size_t)a, 0, &f, 0, NULL);
		rt[n] = twbench_now() - t;
		rc[n] = twbench_cpu() - cpu;
		reached += r.count;
		if (n == 4)
			printf("cold_five_reaches_ms %.3f\n", twbench_now() - t0);
		t = twbench_now();
		cpu = twbench_cpu();
		if (paths_shortest(&p, (size_t)a, (size_t)b, &f, NULL,
		    &out) == 0) {
			found++;
			path_free(&out);
		}
		pt[n] = twbench_now() - t;
		pc[n] = twbench_cpu() - cpu;
		n++;
	}
	fclose(in);
	if (n > 0) {
		twbench_stats("reach", rt, n);
		twbench_stats("path", pt, n);
		twbench_stats("reach_cpu", rc, n);
		twbench_stats("path_cpu", pc, n);
		printf("reach_mean_nodes %zu\npaths_found %zu\n", reached / n,
		    found);
	}
	paths_free(&p);
	reach_free(&r);
	scenario_free(&sc);
	model_free(m);
	store_close(s);
	return n > 0 ? 0 : 1;
}

/* The key code of one replay character. */
static int
twbench_key(int c)
{
	if (c == '<')
		return TERM_KEY_BACKSPACE;
	if (c == '|')
		return TERM_KEY_ESC;
	return c;
}

/* Type keys into the node list's filter; time each key and repaint. */
static int
twbench_filter(const char *path, const char *keys, double t0)
{
	static double	 kt[TWBENCH_MAX_SAMPLES];
	struct store	*s;
	struct model	*m;
	struct app	 a;
	struct cli	 cli;
	struct view	*v;
	FILE		*in;
	size_t		 n = 0;
	double		 t;
	int		 c;

	if ((in = fopen(keys, "r")) == NULL) {
		perror(keys);
		return 1;
	}
	if (twbench_load(path, t0, &s, &m) == -1) {
		fclose(in);
		return 1;
	}
	if (twbench_app(&a, &cli, s, m) == -1) {
		fclose(in);
		return 1;
	}
	v = list_create(&a);
	twbench_draw(v, &a);
	v->ops->key(v, &a, '/');
	while (n < TWBENCH_MAX_SAMPLES && (c = fgetc(in)) != EOF) {
		if (c == '\n')
			continue;
		t = twbench_now();
		v->ops->key(v, &a, twbench_key(c));
		twbench_draw(v, &a);
		kt[n++] = twbench_now() - t;
	}
	fclose(in);
	printf("filter_rows %zu\n", m->nnodes);
	if (n > 0)
		twbench_stats("filter", kt, n);
	v->ops->free(v);
	twbench_app_free(&a);
	model_free(m);
	store_close(s);
	return n > 0 ? 0 : 1;
}

/* The blast radius of every credential and identity, as the list shows. */
static int
twbench_blast(const char *path, double t0)
{
	struct store	*s;
	struct model	*m;
	struct scenario	 sc;
	struct reach_filter f;
	struct blast	 b;
	double		 t;

	if (twbench_load(path, t0, &s, &m) == -1)
		return 1;
	scenario_init(&sc, m);
	scenario_filter(&sc, &f);
	memset(&b, 0, sizeof(b));
	t = twbench_now();
	blast_compute(&b, m, &f, NULL, NULL);
	printf("blast_ms %.3f\ncomponents %zu\n", twbench_now() - t,
	    b.ncomponents);
	blast_free(&b);
	scenario_free(&sc);
	model_free(m);
	store_close(s);
	return 0;
}

/*
 * The start time of each rule, taken from the cancel hook: the engine
 * polls it with "findings" and the finished fraction i / nrules before
 * rule i runs, and the rules poll it with other names while they run.
 */
struct twbench_rules {
	double	 start[64];
	int	 seen[64];
	double	 first;		/* the first poll, after the loads */
};

static int
twbench_rule_poll(void *arg, const char *what, double done)
{
	struct twbench_rules	*tr = arg;
	size_t			 i;

	if (strcmp(what, "findings") != 0 || done < 0)
		return 0;
	i = (size_t)(done * (double)findings_nrules() + 0.5);
	if (i < sizeof(tr->start) / sizeof(tr->start[0])) {
		tr->start[i] = twbench_now();
		tr->seen[i] = 1;
		if (tr->first == 0)
			tr->first = tr->start[i];
	}
	return 0;
}

/*
 * Print each rule's time and count. A rule runs until the next one
 * starts. The last rule has no next poll, so its time runs to the end
 * of the evaluation and includes the sort and the acceptances.
 */
static void
twbench_rule_times(const struct twbench_rules *tr, const struct findings *fs,
    double end)
{
	const struct finding_rule	*r;
	size_t				 i, k, n;

	for (i = 0; i < findings_nrules(); i++) {
		if (!tr->seen[i])
			continue;
		r = findings_rule(i);
		for (n = 0, k = 0; k < fs->n; k++)
			n += fs->v[k].rule == r;
		printf("rule_%s_ms %.3f\nrule_%s_n %zu\n", r->id,
		    (i + 1 < findings_nrules() ? tr->start[i + 1] : end) -
		    tr->start[i], r->id, n);
	}
}

/*
 * Every posture rule over the whole case, as `trustwalk findings` runs
 * them with no configuration file and --now 2026-12-01.
 */
static int
twbench_findings(const char *path, double t0)
{
	struct store		*s;
	struct model		*m;
	struct scenario		 sc;
	struct findings_opts	 o;
	struct findings		*fs = NULL;
	struct twbench_rules	 tr;
	struct cancel		 c = { twbench_rule_poll, &tr };
	char			*err = NULL;
	double			 t, end;

	if (twbench_load(path, t0, &s, &m) == -1)
		return 1;
	if (findings_scenario(s, m, NULL, &sc, &err) == -1)
		goto fail;
	memset(&o, 0, sizeof(o));
	o.now = TWBENCH_FINDINGS_NOW;
	memset(&tr, 0, sizeof(tr));
	t = twbench_now();
	if (findings_evaluate(s, m, &sc, &o, &c, &fs, &err) != 0) {
		scenario_free(&sc);
		goto fail;
	}
	end = twbench_now();
	printf("findings_ms %.3f\nfindings_n %zu\n", end - t, fs->n);
	printf("findings_load_ms %.3f\n", tr.first - t);
	twbench_rule_times(&tr, fs, end);
	twbench_memory("findings");
	findings_free(fs);
	scenario_free(&sc);
	model_free(m);
	store_close(s);
	return 0;

fail:
	fprintf(stderr, "twbench: %s\n", err != NULL ? err :
	    "the findings evaluation was cancelled");
	free(err);
	model_free(m);
	store_close(s);
	return 1;
}

int
main(int argc, char **argv)
{
	double	 t0 = twbench_now();

	model_igraph_setup(NULL);
	if (argc == 3 && strcmp(argv[1], "open") == 0)
		return twbench_open(argv[2], t0);
	if (argc == 4 && strcmp(argv[1], "walk") == 0)
		return twbench_walk(argv[2], argv[3], t0);
	if (argc == 4 && strcmp(argv[1], "filter") == 0)
		return twbench_filter(argv[2], argv[3], t0);
	if (argc == 3 && strcmp(argv[1], "blast") == 0)
		return twbench_blast(argv[2], t0);
	if (argc == 3 && strcmp(argv[1], "findings") == 0)
		return twbench_findings(argv[2], t0);
	fprintf(stderr, "usage: twbench open|blast|findings CASE\n"
	    "       twbench walk CASE SEEDS\n"
	    "       twbench filter CASE KEYS\n");
	return 2;
}
