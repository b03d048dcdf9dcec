/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * resize NAME [--dry-run] [--no-rescan]: grow map NAME to the new size
 * its paths report (see resize.c).
 */
#ifndef MPATH2CTL_RESIZE_H
#define MPATH2CTL_RESIZE_H

#include "cli/cli.h"

int resize_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
