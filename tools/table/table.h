/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building an mpath2 table line from create's options and its paths,
 * as `multipath` would from multipath.conf:
 *
 *   0 <sectors> mpath2 <features> 0 <#groups> 1 <group>...
 *
 * Pure: no I/O, so every option and every refusal is unit-tested.
 */
#ifndef MPATH2CTL_TABLE_H
#define MPATH2CTL_TABLE_H

#include <stddef.h>

/* multipathd's polling_interval default: no_path_retry N = N * 5 s. */
#define TABLE_POLL_SECS		5
#define TABLE_MAX_TIMEOUT		86400	/* the kernel's no_path_timeout bound */
#define TABLE_MAX_RETRY		(TABLE_MAX_TIMEOUT / TABLE_POLL_SECS)
#define TABLE_MAX_FAILBACK	3600	/* the kernel's failback <secs> bound */
#define TABLE_MAX_PATHS		1024	/* paths per group, and groups */

enum tbl_selector {
	TABLE_ROUND_ROBIN,	/* the default: the one mpath2 has today */
	TABLE_SERVICE_TIME,
	TABLE_QUEUE_LENGTH,
	TABLE_HISTORICAL_SERVICE_TIME,
	TABLE_IO_AFFINITY,	/* per path a cpumask: table_ioa_mask() */
};

enum tbl_grouping {
	TABLE_FAILOVER,		/* one group per path, in the order given */
	TABLE_MULTIBUS,		/* one group with every path */
	TABLE_GROUP_BY_PRIO,	/* by ALUA priority, best first (group.h) */
	TABLE_GROUP_BY_SERIAL,	/* by unit serial number (group.h) */
};

#define TABLE_RETRY_FAIL	(-1)	/* no_path_retry fail: no features */
#define TABLE_RETRY_QUEUE	0	/* queue_if_no_path, for good */

#define TABLE_FAILBACK_MANUAL	(-1)	/* the kernel's default: no word */
#define TABLE_FAILBACK_IMMEDIATE	(-2)
#define TABLE_FAILBACK_FOLLOWOVER	(-3)

#define TABLE_HOLD_FAILURES_MAX	16	/* the kernel's hold_down bounds */
#define TABLE_HOLD_SECS_MAX	3600

/* Which options the command line gave (config.c fills in the rest). */
#define TABLE_GIVEN_SELECTOR	(1u << 0)
#define TABLE_GIVEN_GROUPING	(1u << 1)
#define TABLE_GIVEN_RETRY		(1u << 2)
#define TABLE_GIVEN_FAILBACK	(1u << 3)
#define TABLE_GIVEN_HWHANDLER	(1u << 4)

struct tbl_opts {
	enum tbl_selector selector;
	enum tbl_grouping grouping;
	int no_path_retry;	/* TABLE_RETRY_*, or 1..TABLE_MAX_RETRY polls */
	int failback;		/* TABLE_FAILBACK_*, or 1..TABLE_MAX_FAILBACK s */
	unsigned int poll_secs;	/* one poll for no_path_retry; 0: 5 s */
	char hwhandler[16];	/* "" (none) or "alua" */
	int hold_down[3];	/* failures, window, hold secs; [0] 0: off */
	unsigned int given;	/* TABLE_GIVEN_* */
	unsigned int nr_cpus;	/* io-affinity spreads CPUs 0..nr_cpus-1;
				   0: the system's (sysconf) */
};

struct tbl_path {
	unsigned int major, minor;
};

/* round-robin, failover, no_path_retry fail, failback manual, no
 * hardware handler, no hold_down, 5 s polls. */
void table_default_opts(struct tbl_opts *o);

/* Option values as typed; 0, or -1 with a one-line reason in @err. */
int table_parse_selector(const char *s, enum tbl_selector *sel,
		       char *err, size_t errlen);
int table_parse_grouping(const char *s, enum tbl_grouping *g,
		       char *err, size_t errlen);
int table_parse_no_path_retry(const char *s, int *retry, char *err,
			    size_t errlen);
int table_parse_failback(const char *s, int *failback, char *err,
		       size_t errlen);
int table_parse_hwhandler(const char *s, char *hw, size_t hwlen, char *err,
			size_t errlen);

const char *table_selector_name(enum tbl_selector sel);

#define TABLE_MAX_CPUS		8192	/* CPUs io-affinity masks name */
#define TABLE_MASK_LEN		(TABLE_MAX_CPUS / 32 * 9)

/*
 * io-affinity's argument for path @idx of the @n paths of a group: the
 * CPUs c of 0..@nr_cpus-1 with c % @n == @idx, in the kernel's cpumask
 * format (hex, a comma every 32 CPUs: "5", "1,00000000"), so that every
 * path has CPUs of its own (the selector refuses a path without one) and
 * each CPU one path. Returns 0, or -1 if @n is 0 or more than @nr_cpus,
 * or @nr_cpus more than TABLE_MAX_CPUS, or @buf too small.
 */
int table_ioa_mask(size_t idx, size_t n, unsigned int nr_cpus, char *buf,
		   size_t len);

/* The CPUs io-affinity spreads under @o: nr_cpus, or the system's. */
unsigned int table_nr_cpus(const struct tbl_opts *o);

/*
 * Write the target parameters (everything after "mpath2 ") for @nr
 * @paths into @buf. Refuses no path, too many, a path listed twice,
 * no_path_retry * poll_secs over TABLE_MAX_TIMEOUT, or bad hold_down.
 * Returns 0, or -1 with a reason in @err.
 */
int table_build(const struct tbl_opts *o, const struct tbl_path *paths,
	      size_t nr, char *buf, size_t len, char *err, size_t errlen);

/*
 * The same with each path's 0-based group in @group (group_paths()),
 * which group_by_prio and group_by_serial need and the others ignore:
 * group 0 first, each group's paths in the order given. Refuses an
 * empty group between the others.
 */
int table_build_grouped(const struct tbl_opts *o, const struct tbl_path *paths,
		      const unsigned int *group, size_t nr, char *buf,
		      size_t len, char *err, size_t errlen);

#endif
