/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The verbs on one existing map (see map.c), handlers of cli.c's verb
 * table: @verb->word is the target message.
 */
#ifndef MPATH2CTL_MAP_H
#define MPATH2CTL_MAP_H

#include "cli/cli.h"

/* fail NAME PATH, reinstate NAME PATH */
int map_path(const struct cli_verb *verb, const struct cli_args *a,
	     const struct cli_ctl *ctl);

/* switch-group NAME GROUP, disable-group NAME GROUP, enable-group ... */
int map_group(const struct cli_verb *verb, const struct cli_args *a,
	      const struct cli_ctl *ctl);

/* remove NAME, queue-if-no-path NAME, fail-if-no-path NAME, stats NAME */
int map_command(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl);

#endif
