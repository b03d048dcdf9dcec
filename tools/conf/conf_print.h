/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `mpath2ctl config show`: the config in effect, in mpath2.conf's own
 * syntax, as `multipath -t` prints multipath.conf's.
 */
#ifndef MPATH2CTL_CONF_PRINT_H
#define MPATH2CTL_CONF_PRINT_H

#include <stdio.h>

#include "cli/cli.h"
#include "conf/config.h"

/*
 * @c to @out: defaults with every setting (built-in values included),
 * then blacklist, blacklist_exceptions, devices, overrides and
 * multipaths with what each gives. A map setting whose value refuses
 * maps is a comment with its file:line; a config that could not be read
 * at all says so first. The output reads back as the same config.
 */
void conf_print_write(const struct mpath2_conf *c, FILE *out);

/* config show: --config FILE (default /etc/mpath2.conf); 0, or 1. */
int conf_print_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
