/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl daemon [--config FILE] [--foreground] [--once]: the path
 * checker, multipathd's job for mpath2 maps. Every polling_interval it
 * sends TEST UNIT READY to every path of every mpath2 map (monitor.h),
 * fails the dead ones and reinstates those back, backing off to
 * max_polling_interval while a path stays healthy. It wakes at once on
 * dm events and on SCSI disks appearing or leaving (a new disk of a
 * map's WWID joins it: hotplug.h). SIGHUP rereads the config; SIGTERM
 * and SIGINT end it, leaving every map as it is. It never writes a file.
 */
#ifndef MPATH2CTL_DAEMON_H
#define MPATH2CTL_DAEMON_H

#include "cli/cli.h"

/* 0 after SIGTERM/SIGINT or one --once round; 1 after printing why. */
int daemon_main(char **args, int nargs, const struct cli_ctl *ctl);

struct monitor;
struct mpath2_conf;

/*
 * Every SCSI disk in <sysfs>/block that no watched map has (@m's paths)
 * offered to hotplug_add(): a disk whose "add" was lost still joins its
 * map. Run every minute and after udev events were lost. How many disks
 * were offered.
 */
int daemon_reconcile(struct monitor *m, const struct mpath2_conf *conf);

#endif
