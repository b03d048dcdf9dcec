/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl's command line, apart from main() so that tests can run it
 * with their own streams, sysfs root and fake libdevmapper.
 */
#ifndef MPATH2CTL_CLI_H
#define MPATH2CTL_CLI_H

#include <stdio.h>

struct ctl {
	FILE *out;		/* results */
	FILE *err;		/* the one-line reason on failure */
	const char *sysfs;	/* "/sys", or NULL to look nothing up */
	const char *config;	/* the config file (--config), or NULL for
				   the built-in defaults (config.h) */
	int verbose;		/* -v given this many times */
};

/* Print "mpath2ctl: <reason>" on ctl->err; returns 1. */
__attribute__((format(printf, 2, 3)))
int cli_fail(const struct ctl *ctl, const char *fmt, ...);

/* Run one command line; returns the exit status, 0 or 1. */
int cli_main(int argc, char **argv, const struct ctl *ctl);

#endif
