/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * top: a live view of every map and path, like top(1) and iostat(1).
 *
 *   mpath2ctl top [NAME] [--interval SECS] [--count N]
 *
 * Each interval, one sample (cli/stats.c: one path_stats message per
 * map, never more) gives per path its state, IOPS and MB/s (rates
 * between the last two samples), latency, in-flight bios, errors and
 * fail count, in show's tree: map, group, path. On a terminal: a full
 * screen redrawn each interval, keys to sort and to pick a map, q
 * quits, a resize redraws. Otherwise one line per path per sample, for
 * scripts. The drawing and the keys are apart from the terminal so that
 * tests can run them (tests/test_top.c).
 */
#ifndef MPATH2CTL_TOP_H
#define MPATH2CTL_TOP_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/cli.h"
#include "table/metrics.h"

enum top_sort {
	TOP_SORT_NAME,		/* n: maps by name, paths in table order */
	TOP_SORT_IOPS,		/* i */
	TOP_SORT_MBPS,		/* m */
	TOP_SORT_LATENCY,	/* l */
	TOP_SORT_ERRORS,	/* e */
	TOP_SORT_FAILS,		/* f */
};

struct top_view {
	const struct metrics_map *cur, *prev;	/* the last two samples */
	size_t nr_cur, nr_prev;
	double secs;		/* from prev to cur; 0: no rates yet */
	enum top_sort sort;
	int reverse;		/* r: smallest first */
	char selected[128];	/* the picked map's name; "" the first */
	int only;		/* Enter: the picked map alone */
	int width, height;	/* the terminal's */
	double interval;
	char clock[16];		/* "07:41:02", the last sample's */
	char note[256];		/* the last sample's error, or "" */
};

/* Keys @keys (@n bytes) applied to @v. 1 if one of them was q. */
int top_key(struct top_view *v, const char *keys, size_t n);

/* One screen of @v: at most v->height lines of at most v->width. */
void top_render(FILE *out, const struct top_view *v);

/* One line per path of v->cur, for scripts (stdout not a terminal). */
void top_print_sample(FILE *out, const struct top_view *v);

/* The verb, for cli.c's table. */
int top_run(const struct cli_verb *verb, const struct cli_args *a,
	    const struct cli_ctl *ctl);

/* top's options, for getopt_long() (cli.c). */
extern const struct option top_options[];

#endif
