/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A config read again, applied to the maps there are: `mpath2ctl
 * reconfigure` and the daemon's SIGHUP. Each mpath2 map's table is
 * rendered anew from the config (reload.h's reload_render(): its paths
 * as they are, the settings for its LUN) and, where that differs from
 * the kernel's, loaded (RELOAD, then RESUME with noflush: held I/O
 * survives, mpdm.h). A map whose new table cannot be made or is refused
 * keeps its own; the others are still done.
 */
#ifndef MPATH2CTL_RECONFIGURE_H
#define MPATH2CTL_RECONFIGURE_H

#include <stdio.h>

#include "cli/cli.h"
#include "conf/config.h"
#include "daemon/monitor.h"

enum reconfigure_outcome { RECONF_RELOADED, RECONF_FAILED };

/*
 * Every map @dm lists, with @conf: @report (if not NULL) is told of each
 * map reloaded (@what: the new table; with @dry_run: would be) or
 * failed (@what: why). Returns how many were (or would be) reloaded, or
 * -1 if the maps could not be listed or any map failed.
 */
int reconfigure_maps(const struct monitor_dm *dm,
		     const struct mpath2_conf *conf, const char *sysfs,
		     FILE *warn, int dry_run,
		     void (*report)(void *arg, const char *map,
				    enum reconfigure_outcome what,
				    const char *text),
		     void *arg);

/* mpath2ctl reconfigure [--dry-run]: 0, or 1 after a line on ctl->err. */
int reconfigure_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
