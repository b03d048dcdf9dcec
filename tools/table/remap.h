/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A live map's table with one path more or one path less, everything
 * else (features, handler, selectors and their arguments) as the kernel
 * reports it, for a RELOAD that changes nothing but the paths:
 *
 *   add     one group per path (failover): a new last group like the
 *           last one; else the path joins the last group, with the
 *           per-path arguments of that group's first path
 *   remove  the path goes; a group it leaves empty goes too
 *
 * Pure: from status_parse()'s TABLE to target parameters, unit-tested.
 */
#ifndef MPATH2CTL_REMAP_H
#define MPATH2CTL_REMAP_H

#include <stddef.h>

#include "table/status.h"

/*
 * Whether @major:@minor may join table @t: 0, or -1 with a reason in
 * @err (not a table, no group, a path of it already).
 */
int remap_can_add(const struct status_map *t, unsigned int major,
		  unsigned int minor, char *err, size_t errlen);

/*
 * @t with @major:@minor added. @failover decides the one case the table
 * cannot: one group of one path. 0, or -1 with a reason in @err (the
 * path is there already, no group to copy, too many paths, too long).
 */
int remap_add(const struct status_map *t, unsigned int major, unsigned int minor,
	      int failover, char *buf, size_t len, char *err, size_t errlen);

/* @t without @major:@minor: 0, or -1 (not a path, the last path). */
int remap_remove(const struct status_map *t, unsigned int major,
		 unsigned int minor, char *buf, size_t len, char *err,
		 size_t errlen);

#endif
