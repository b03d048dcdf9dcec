/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * persist NAME ACTION [--key KEY] [--type TYPE] [--timeout SECS]:
 * persistent reservations on every path of map NAME (see persist.c).
 */
#ifndef MPATH2CTL_PERSIST_H
#define MPATH2CTL_PERSIST_H

#include "cli/cli.h"

int persist_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
