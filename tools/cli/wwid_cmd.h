/* SPDX-License-Identifier: GPL-2.0-only */
/* The wwid verb (see wwid_cmd.c), a handler of cli.c's verb table. */
#ifndef MPATH2CTL_WWID_CMD_H
#define MPATH2CTL_WWID_CMD_H

#include "cli/cli.h"

/* wwid DEV: print the LUN's WWID. */
int wwid_cmd_main(const struct cli_verb *verb, const struct cli_args *a,
		  const struct cli_ctl *ctl);

#endif
