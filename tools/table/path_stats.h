/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Path priorities as the kernel knows them: the answer to
 * `dmsetup message <map> 0 path_stats` has, per path of a map with the
 * alua hardware handler, "alua=<state> prio=<n> tpg=<id> ..." after the
 * counters:
 *
 *   8:16 group=1 state=active ... latency_us=0.412 alua=active/optimized prio=50 tpg=1 alua_mode=mpath2
 *
 * No SCSI command is sent for them. A group's priority is the best
 * (highest) of its paths' that have one, as the handler ranks groups;
 * a path or group without one is "unknown" (show prints n/a, --json
 * null). Pure: parsing and lookups, unit-tested.
 */
#ifndef MPATH2CTL_PATH_STATS_H
#define MPATH2CTL_PATH_STATS_H

#include <stddef.h>

#include "table/status.h"

#define PATH_STATS_NONE	(-1)	/* the kernel gave no priority */
#define PATH_STATS_MAX	1000000	/* bigger is not a priority: ignored */

struct path_stats_entry {
	unsigned int major, minor;
	int prio;
};

struct path_stats_list {
	struct path_stats_entry *p;
	size_t nr;
};

/*
 * The priorities in path_stats answer @answer (NULL: none) into @kp.
 * Lines without a well-formed "prio=" word are skipped. 0, or -1 out
 * of memory (@kp left empty). path_stats_free() is safe either way.
 */
int path_stats_parse(const char *answer, struct path_stats_list *kp);
void path_stats_free(struct path_stats_list *kp);

/* Path @major:@minor's priority, or PATH_STATS_NONE. @kp may be NULL. */
int path_stats_path(const struct path_stats_list *kp, unsigned int major,
	       unsigned int minor);

/* The best priority among @g's paths, or PATH_STATS_NONE. */
int path_stats_group(const struct path_stats_list *kp, const struct status_group *g);

#endif
