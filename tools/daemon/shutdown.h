/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the daemon does to the maps as it stops on SIGTERM or SIGINT
 * (multipath-tools' queue_without_daemon): with queue_without_daemon no
 * (the default), every mpath2 map with no usable path (no path the
 * kernel has active) gets fail_if_no_path, so that I/O queued on it, and
 * I/O to come, fails instead of waiting for a path no daemon will ever
 * reinstate: a shutdown with a LUN gone (the iSCSI service stopped, the
 * network down) does not hang on it. A map with a usable path keeps its
 * queueing: it loses nothing, and a later daemon takes it over as it is.
 * With queue_without_daemon yes every map is left as it is.
 *
 * A plain `systemctl restart mpath2d` does the same as a stop, as
 * multipathd does: queued I/O of a pathless queueing map fails.
 */
#ifndef MPATH2CTL_SHUTDOWN_H
#define MPATH2CTL_SHUTDOWN_H

#include "daemon/monitor.h"

struct mpath2_conf;

struct shutdown_counts {
	unsigned int unqueued;	/* pathless maps sent fail_if_no_path */
	unsigned int kept;	/* maps with a usable path, left queueing */
	unsigned int errors;	/* maps that could not be read or told */
};

/*
 * Send fail_if_no_path to every mpath2 map (m->dm's list) with no path
 * in state 'A', unless @conf's defaults say queue_without_daemon yes.
 * One log line per map acted on or failed. Returns the number of maps
 * that could not be read or told (0: all done), -1 if the maps could
 * not be listed; @counts (may be NULL) gets the tally.
 */
int shutdown_unqueue(const struct monitor *m, const struct mpath2_conf *conf,
		     struct shutdown_counts *counts);

struct cli_ctl;

/*
 * `mpath2ctl unqueue`: the same from the command line, with the config
 * (an unreadable one counts as queue_without_daemon no), for
 * mpath2-unqueue.service, which runs it at shutdown before LVM's and
 * blk-availability's jobs read every block device (mpath2d stops after
 * them, too late for a map nobody will give a path again). 0, or 1 if a
 * map could not be listed, read or told.
 */
int shutdown_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
