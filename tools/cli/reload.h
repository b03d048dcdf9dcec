/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl reload NAME [--dry-run] [--force]: rebuild map NAME's table
 * from its current paths (in table order) and the config's settings for its
 * LUN (mpath2.conf: multipaths{} by WWID over devices{} by vendor and
 * product over defaults{}), then RELOAD and RESUME it, as `multipath -r`
 * does. Each path must still be the map's LUN (same WWID, at least the
 * map's size: `resize` grows the map), held by nothing but this map and
 * not blacklisted by the config (--force: a warning instead, as create);
 * a refused table leaves the map as it was, and never suspended (mpdm.h's
 * mpdm_reload()).
 */
#ifndef MPATH2CTL_RELOAD_H
#define MPATH2CTL_RELOAD_H

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "conf/config.h"
#include "lib/mpdm.h"
#include "table/status.h"

/* reload's options, for getopt_long() (cli.c). */
extern const struct option reload_options[];

/* 0, or 1 after one line on ctl->err. */
int reload_main(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl);

/*
 * The table @conf gives map @dm (@t: its TABLE, parsed): its paths as
 * they are, in table order, with the options and grouping of the
 * config's settings for its LUN, into @line. No path is checked (see
 * reload_main() for that); group_by_prio may ask the paths (sysfs, else
 * SG_IO), what cannot be read goes to @warn. 0, or -1 with @err.
 */
int reload_render(const struct mpath2_conf *conf, const char *sysfs,
		  FILE *warn, const struct mpdm_map *dm,
		  const struct status_map *t, char *line, size_t len,
		  char *err, size_t errlen);

/*
 * Whether the kernel's table @kernel differs from @rendered in what the
 * config decides: the features as a set ("queue_mode bio", which the
 * kernel always reports, aside), the handler (none asked for: the one
 * the kernel kept attached is no difference), the groups, their
 * selectors and paths; not the initial group (the kernel reports the
 * current one) nor spacing. A string that is not a table differs.
 */
int reload_differs(const char *kernel, const char *rendered);

#endif
