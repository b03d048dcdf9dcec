/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * stats: the kernel's per-path counters. `stats NAME` prints map NAME's
 * path_stats answer as it is (cli/map.c); `stats --prometheus` prints
 * every map's (or NAME's) in Prometheus' text format, or writes it to a
 * file for node_exporter's textfile collector (write, then rename).
 * stats_collect() is what top (cli/top.c) samples with too.
 */
#ifndef MPATH2CTL_STATS_H
#define MPATH2CTL_STATS_H

#include <getopt.h>
#include <stddef.h>

#include "cli/cli.h"
#include "table/metrics.h"

/*
 * One sample of map @name (NULL: every mpath2 map) into @maps: its
 * status, one path_stats message, the path devices' names and sector
 * counters from ctl->sysfs. Maps that vanish meanwhile are left out.
 * 0, or 1 after printing why (@maps NULL).
 */
int stats_collect(const struct cli_ctl *ctl, const char *name,
		  struct metrics_map **maps, size_t *nr);

/* The stats verb: --prometheus [...] here, stats NAME to map_command(). */
int stats_run(const struct cli_verb *verb, const struct cli_args *a,
	      const struct cli_ctl *ctl);

/* stats' options, for getopt_long() (cli.c). */
extern const struct option stats_options[];

#endif
