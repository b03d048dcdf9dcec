/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Priority groups by the paths' own answers, as multipath-tools forms
 * them:
 *
 *   group_by_prio    paths of equal priority (prio.h) form one group;
 *                    groups by priority, highest first, so the table's
 *                    initial group 1 is the best. Devices without ALUA
 *                    are all prio 0: one group, as multibus. A path
 *                    whose priority cannot be read (PRIO_UNDEF) joins a
 *                    last group of its own kind, with a warning.
 *   group_by_serial  one group per unit serial number (VPD 0x80), in
 *                    the order the serials first appear; a path whose
 *                    serial cannot be read is refused.
 *
 * Within a group the paths keep the order given.
 */
#ifndef MPATH2CTL_GROUP_H
#define MPATH2CTL_GROUP_H

#include <stddef.h>
#include <stdio.h>

#include "table/table.h"

/* Pure: each path's 0-based group in @group; returns the group count. */
size_t group_by_prio(const int *prio, size_t nr, unsigned int *group);
size_t group_by_serial(const char *const *serial, size_t nr,
		       unsigned int *group);

/*
 * For o->grouping group_by_prio or group_by_serial, read what it needs
 * of each of the @nr @paths and fill @group. Path i's sysfs directory is
 * @dirs[i] if @dirs and it are not NULL, else <@sysfs>/dev/block/M:m
 * (none if @sysfs is NULL: SG_IO only). Warnings (a prio unknown) go to
 * @warn; with @info, one line per path says its prio or serial. Other
 * groupings: nothing to do. 0, or -1 with a reason in @err.
 */
int group_paths(const struct tbl_opts *o, const char *sysfs,
		const struct tbl_path *paths, const char *const *dirs,
		size_t nr, unsigned int *group, FILE *warn, FILE *info,
		char *err, size_t errlen);

/*
 * The same, where group_by_prio takes path i's priority from @known[i]
 * instead of asking the path, unless it is PRIO_UNDEF (@known NULL:
 * ask every path): the daemon knows the kernel's (path_stats) and
 * sends no command to a path that may hang.
 */
int group_paths_known(const struct tbl_opts *o, const char *sysfs,
		      const struct tbl_path *paths, const char *const *dirs,
		      const int *known, size_t nr, unsigned int *group,
		      FILE *warn, FILE *info, char *err, size_t errlen);

#endif
