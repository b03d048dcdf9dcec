/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A path's priority for show when the kernel gives none (a map without
 * the alua handler has no path_stats priorities), as multipath -ll's
 * prioritizers compute it, from sysfs only:
 *
 *   <dev>/device/access_state (the kernel's, with scsi_dh_alua attached;
 *   multipath-tools' sysfs prioritizer, which its detect_prio picks then)
 *     active/optimized 50, active/non-optimized 10, lba-dependent 5,
 *     standby 1, anything else (unavailable, transitioning, offline) 0,
 *     plus 80 for a preferred_path of 1 that is not active/optimized
 *   else the standard INQUIRY sysfs keeps (<dev>/device/inquiry) says
 *   the LUN has no ALUA (TPGS 0): every path alike, multipath-tools'
 *   const prioritizer: 1
 *   else unknown (n/a): an ALUA LUN without scsi_dh_alua, whose state
 *   only a REPORT TARGET PORT GROUPS would tell, which show does not
 *   send (it may wait for a dead path far longer than show's checks).
 *
 * No SCSI command is sent.
 */
#ifndef MPATH2CTL_SHOW_PRIO_H
#define MPATH2CTL_SHOW_PRIO_H

#include "table/path_stats.h"
#include "table/status.h"

/* Path @major:@minor's priority as above, or PATH_STATS_NONE. */
int show_prio_path(const char *sysfs, unsigned int major, unsigned int minor);

/*
 * Add to @kp a priority, as above, for each path of @info that it has
 * none for. 0, or -1 out of memory (@kp as it was).
 */
int show_prio_fill(const char *sysfs, const struct status_map *info,
		   struct path_stats_list *kp);

#endif
