/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A live map's table with one path more, grouped anew by the map's
 * policy, for the daemon's new disks of a group_by_prio or
 * group_by_serial map: every current path and the new one are grouped
 * as `mpath2ctl reload` groups them (group.h: equal ALUA priority, best
 * group first; or one group per serial number), so that an optimized
 * path never lands in the non-optimized group. Everything else
 * (features, handler, the selector and its arguments, each path's own
 * arguments) stays as the kernel reports it; the new path gets the
 * arguments of the table's first path, and the initial group is the
 * first, as reload makes it.
 *
 *   regroup_render()  pure: from status_parse()'s TABLE and a group per path
 *                     to target parameters, unit-tested
 *   regroup_add()     reads each path's prio or serial (prio.h: sysfs,
 *                     else SG_IO through scsi_io.h) and renders; a current
 *                     path's prio the kernel reports (path_stats, the
 *                     alua handler: path_stats.h) is taken from there, so no
 *                     command goes to a current path that may hang
 */
#ifndef MPATH2CTL_REGROUP_H
#define MPATH2CTL_REGROUP_H

#include <stddef.h>
#include <stdio.h>

#include "table/path_stats.h"
#include "table/status.h"
#include "table/table.h"

/*
 * @t's paths in table order, then @major:@minor, where path i goes to
 * 0-based group @group[i] < @nr_groups (each group used). 0, or -1 with
 * a reason in @err (the path is there already, groups of differing
 * per-path argument counts, a group number out of range, too long).
 */
int regroup_render(const struct status_map *t, unsigned int major,
		   unsigned int minor, const unsigned int *group,
		   size_t nr_groups, char *buf, size_t len, char *err,
		   size_t errlen);

/*
 * @t with @major:@minor added and every path grouped by @grouping
 * (TABLE_GROUP_BY_PRIO or TABLE_GROUP_BY_SERIAL). The new path's sysfs
 * directory is @dir (NULL: <@sysfs>/dev/block/M:m), the others' are
 * found under @sysfs. @known: the kernel's priorities of the current
 * paths (NULL: none). A prio that cannot be read is a line on @warn
 * (the path joins a last group); a missing serial refuses. 0, or -1
 * with a reason in @err.
 */
int regroup_add(const struct status_map *t, enum tbl_grouping grouping,
		const char *sysfs, unsigned int major, unsigned int minor,
		const char *dir, const struct path_stats_list *known, FILE *warn,
		char *buf, size_t len, char *err, size_t errlen);

#endif
