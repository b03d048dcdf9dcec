/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's answer to a SCSI disk appearing or leaving (udev): a new
 * disk whose WWID is an mpath2 map's (its UUID is mpath2-<wwid>) joins
 * that map; a disk that left is taken out of its map's table. Both by
 * RELOAD then RESUME of the map's own table with one path more or less
 * (remap.h), so features, selectors and groups stay as they are; but
 * for a map whose config (resolved for its WWID, vendor and product)
 * says group_by_prio or group_by_serial, the new path and the current
 * ones are grouped anew as `reload` groups them (regroup.h), so that
 * the new path joins the group of its own prio or serial.
 */
#ifndef MPATH2CTL_HOTPLUG_H
#define MPATH2CTL_HOTPLUG_H

#include "conf/config.h"
#include "daemon/monitor.h"

/*
 * Disk <sysfs>/block/@disk ("sdd"). 1 if it was added to a map, 0 if
 * there was nothing to do (not a SCSI disk with a WWID, blacklisted, no
 * map for its WWID, a path already), -1 if it was refused or the reload
 * failed. Every outcome but "nothing to do" is logged.
 */
int hotplug_add(struct monitor *m, const struct mpath2_conf *conf,
		 const char *disk);

/*
 * Block device @major:@minor has gone: take it out of every mpath2 map
 * that has it, unless it is the map's last path. How many maps changed.
 */
int hotplug_remove(struct monitor *m, unsigned int major, unsigned int minor);

#endif
