/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's online resize: a "change" uevent of a path disk (the block
 * layer's RESIZE=1 after a rescan, or sd's own after a capacity-changed
 * unit attention) makes it read the sizes of every path of that disk's
 * map; once all agree on a size larger than the map (blockdev_grown()),
 * the map's table is loaded again with that length, as `mpath2ctl
 * resize` does, but without rescanning anything itself.
 */
#ifndef MPATH2CTL_AUTORESIZE_H
#define MPATH2CTL_AUTORESIZE_H

#include "daemon/monitor.h"

/*
 * Disk @disk ("sdb") changed: grow its map if every path has grown.
 * 1 if a map was reloaded, 0 if not (nothing to do, or the paths
 * disagree yet), -1 on an error (logged).
 */
int autoresize_changed(struct monitor *m, const char *disk);

#endif
