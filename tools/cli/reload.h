/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl reload NAME [--dry-run]: rebuild map NAME's table from its
 * current paths (in table order) and the config's settings for its
 * LUN (mpath2.conf: multipaths{} by WWID over devices{} by vendor and
 * product over defaults{}), then RELOAD and RESUME it, as `multipath -r`
 * does. Each path must still be the map's LUN (same WWID, same size)
 * and held by nothing but this map; a refused table leaves the map as
 * it was, and never suspended (mpdm.h's mpdm_reload()).
 */
#ifndef MPATH2CTL_RELOAD_H
#define MPATH2CTL_RELOAD_H

#include "cli/cli.h"

/* 0, or 1 after one line on ctl->err. */
int reload_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
