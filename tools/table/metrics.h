/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's per-path counters as numbers, for `mpath2ctl top` and
 * `mpath2ctl stats --prometheus`. The path_stats answer (kmod/stats.c)
 * has one line per path:
 *
 *   8:16 group=1 state=active fail_count=0 errors=0 ios=48211 in_flight=3 latency_us=412.507 [alua=... prio=50 tpg=1 ...]
 *
 * Pure: parsing, counter deltas and rates, the Prometheus text and the
 * state that keeps exported counters monotonic; the callers (cli/stats.c,
 * cli/top.c) do the I/O. Unit-tested (tests/test_metrics.c).
 */
#ifndef MPATH2CTL_METRICS_H
#define MPATH2CTL_METRICS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Widths of the kernel's counters, for metrics_counter_delta(). */
#define METRICS_BITS_U64	64	/* ios, errors (u64, atomic64) */
#define METRICS_BITS_UINT	32	/* fail_count (unsigned int) */
#define METRICS_BITS_ULONG	((unsigned int)(sizeof(long) * 8))
					/* /sys/block/<dev>/stat's sectors */

struct metrics_path {
	unsigned int major, minor;
	unsigned int group;		/* 1.. (path_stats' group=) */
	char dev[32];			/* "sdb", "" if sysfs does not say */
	char state[16];			/* active, failed, held, blocked */
	uint64_t ios, errors, fail_count, in_flight;
	uint64_t latency_ns;		/* moving average, latency_us * 1000 */
	int prio;			/* ALUA priority, -1 if none */
	/* The path device's sectors read and written (sysfs), if known. */
	int has_sectors;
	uint64_t rd_sectors, wr_sectors;
	/* What --prometheus exports: the counters above, made monotonic
	   across table reloads by metrics_state_apply(). */
	uint64_t out_ios, out_errors, out_fail;
};

struct metrics_map {
	char name[128];
	char dev[32];			/* "dm-3" */
	char wwid[128];			/* from the map's uuid, "" if none */
	unsigned int queueing;		/* status' queue_io: I/O being held */
	unsigned int nr_groups;
	char *group_state;		/* per group: status' 'A', 'E' or 'D' */
	size_t nr_paths;
	struct metrics_path *paths;	/* table order */
};

/*
 * Parse path_stats answer @answer (NULL: none) into @paths (malloc'ed)
 * and @nr. A line whose first word is not major:minor, or with a known
 * word whose value is malformed, is skipped whole; unknown words are
 * ignored. out_* start as the raw counters. 0, or -1 out of memory.
 */
int metrics_parse(const char *answer, struct metrics_path **paths,
		  size_t *nr);

/* Sectors read and written from a /sys/block/<dev>/stat line. 0 or -1. */
int metrics_parse_blkstat(const char *line, uint64_t *rd_sectors,
			  uint64_t *wr_sectors);

/*
 * How much a counter @bits wide went up from @prev to @cur. A counter
 * that went down either wrapped (@prev in the top quarter of its range,
 * @cur in the bottom quarter: the way round) or was reset, as a table
 * reload resets the kernel's (then @cur is all that was counted since).
 */
uint64_t metrics_counter_delta(uint64_t prev, uint64_t cur, unsigned int bits);

struct metrics_rate {
	double iops;		/* bios per second sent down the path */
	double mbps;		/* MB (10^6 bytes) per second, -1 if unknown */
	double errps;		/* path errors per second */
};

/* The rates of a path from sample @prev to @cur, @secs apart (> 0). */
void metrics_rate(const struct metrics_path *prev,
		  const struct metrics_path *cur, double secs,
		  struct metrics_rate *r);

/* The path of @m that is @major:@minor, or NULL. */
struct metrics_path *metrics_find(const struct metrics_map *m,
				  unsigned int major, unsigned int minor);

/* Paths whose state is "active" (I/O may use them). */
unsigned int metrics_usable(const struct metrics_map *m);

void metrics_free_maps(struct metrics_map *maps, size_t nr);

/*
 * The Prometheus text format (version 0.0.4) of @nr @maps, each family
 * once with its HELP and TYPE lines, as node_exporter's textfile
 * collector reads it.
 */
void metrics_prom_print(FILE *out, const struct metrics_map *maps, size_t nr);

/*
 * What --state FILE keeps between runs, per path: the kernel's last
 * counters and what was exported for them, so that an exported counter
 * never goes down when the kernel's restarts (a table reload).
 */
struct metrics_seen {
	char map[128];
	unsigned int major, minor;
	uint64_t raw[3], out[3];	/* ios, errors, fail_count */
};

struct metrics_state {
	struct metrics_seen *s;
	size_t nr;
};

/*
 * Read a state file's text @f (lines "<map> <maj:min> <raw ios> <out ios>
 * <raw errors> <out errors> <raw fails> <out fails>"); lines that do not
 * parse are dropped. 0, or -1 out of memory (@st left empty).
 */
int metrics_state_read(FILE *f, struct metrics_state *st);
/* out_* of every path of @maps from @st, then @st becomes their state. */
int metrics_state_apply(struct metrics_state *st, struct metrics_map *maps,
			size_t nr);
void metrics_state_write(FILE *f, const struct metrics_state *st);
void metrics_state_free(struct metrics_state *st);

#endif
