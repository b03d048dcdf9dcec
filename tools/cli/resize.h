/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * resize NAME [--dry-run] [--no-rescan]: grow map NAME to the new size
 * its paths report (see resize.c).
 */
#ifndef MPATH2CTL_RESIZE_H
#define MPATH2CTL_RESIZE_H

#include <getopt.h>

#include "cli/cli.h"

/* resize's options, for getopt_long() (cli.c). */
extern const struct option resize_options[];

int resize_main(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl);

#endif
