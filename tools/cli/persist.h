/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * persist NAME ACTION [--key KEY] [--type TYPE] [--timeout SECS]:
 * persistent reservations on every path of map NAME (see persist.c).
 */
#ifndef MPATH2CTL_PERSIST_H
#define MPATH2CTL_PERSIST_H

#include <getopt.h>

#include "cli/cli.h"

/* persist's options, for getopt_long() (cli.c). */
extern const struct option persist_options[];

int persist_main(const struct cli_verb *verb, const struct cli_args *a,
		 const struct cli_ctl *ctl);

#endif
