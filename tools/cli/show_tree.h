/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A `multipath -ll`-like tree of one map:
 *
 *   mpatha (36001405...) dm-3 LIO-ORG,e2e
 *   size=1.0G features='2 queue_mode bio' hwhandler='0' wp=rw
 *   |-+- policy='round-robin 0' prio=n/a status=enabled
 *   | `- 2:0:0:0 sdb 8:16 failed faulty offline default -> 127.0.0.1:3260
 *   `-+- policy='round-robin 0' prio=n/a status=active
 *     `- 3:0:0:0 sdc 8:32 active ready running default -> 127.0.0.2:3260
 *
 * Per path: H:C:T:L, name, numbers, the kernel's state, the checker's
 * (a TEST UNIT READY: ready, faulty, ghost, pending...; "undef" if not
 * asked), the SCSI device state, and for iSCSI "iface -> portal". A
 * group's prio is the best of its paths' (map->prios): as the kernel
 * reports them in path_stats (path_stats.h; maps with the alua handler),
 * else as sysfs tells them (show_prio.h), else prio=n/a. The rest comes
 * from sysfs (pathinfo.h); what it lacks shows as "-" ("#:#:#:#" for
 * H:C:T:L).
 */
#ifndef MPATH2CTL_SHOW_TREE_H
#define MPATH2CTL_SHOW_TREE_H

#include <stddef.h>
#include <stdio.h>

#include "table/path_stats.h"
#include "lib/pathinfo.h"
#include "table/status.h"

/* What libdevmapper says about the map itself. */
struct show_map {
	const char *name;
	unsigned int major, minor;
	unsigned long long sectors;
	int read_only;
	const char *wwid;	/* shown if not NULL, "" or the name */
	/* The checker's word for a path, or NULL (not asked): "undef". */
	const char *(*checker)(void *ctx, unsigned int major,
			       unsigned int minor);
	void *ctx;
	/* The paths' priorities (path_stats, show_prio), or NULL: none. */
	const struct path_stats_list *prios;
};

/* A path's checker word, or "undef". */
const char *show_tree_checker(const struct show_map *map, unsigned int major,
			 unsigned int minor);

/* What the tree and --json both say at a map's head. */
struct show_head {
	char dev[64];			/* the kernel's name: "dm-3" */
	char size[32];			/* "10G" */
	struct pathinfo_facts first;	/* its first path's vendor, product */
};

/*
 * Check that @table and @info are the table and status of one map, then
 * fill @h. 0, or -1 with a reason in @err.
 */
int show_tree_head_read(const struct show_map *map, const struct status_map *table,
		   const struct status_map *info, const char *sysfs,
		   struct show_head *h, char *err, size_t errlen);

/*
 * Print the tree for @map from its parsed @table and @info to @out.
 * @sysfs is the sysfs mount ("/sys"), or NULL to look nothing up.
 * Returns 0, or -1 with a reason in @err if @table and @info disagree.
 */
int show_tree(FILE *out, const struct show_map *map, const struct status_map *table,
	      const struct status_map *info, const char *sysfs,
	      char *err, size_t errlen);

/* @sectors as multipath prints sizes: "1.0G", "100G", "512K". */
void show_tree_format_size(unsigned long long sectors, char *buf, size_t len);

#endif
