/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl's command line, apart from main() so that tests can run it
 * with their own streams, sysfs root and fake libdevmapper.
 */
#ifndef MPATH2CTL_CLI_H
#define MPATH2CTL_CLI_H

#include <stdio.h>

struct cli_ctl {
	FILE *out;		/* results */
	FILE *err;		/* the one-line reason on failure */
	const char *sysfs;	/* "/sys", or NULL to look nothing up */
	const char *config;	/* the config file (--config), or NULL for
				   the built-in defaults (config.h) */
	int verbose;		/* -v given this many times */
	const char *wwids;	/* the wwids file (wwids.h) discover, create
				   and remove keep; NULL: none kept */
	const char *stamps;	/* is-path's find_multipaths smart stamps
				   (claim.h); NULL: none kept */
	const char *prkeys;	/* the prkeys file (prkeys.h) persist keeps
				   under reservation_key file; NULL: none */
};

struct mpdm_map;
struct status_map;

/*
 * One verb of the command line: its name, the older spellings that keep
 * working, its operands for --help and the usage error, how many it
 * takes, the target message it sends (NULL: none, or its own), its
 * handler and --help's line.
 */
struct cli_verb {
	const char *name;
	const char *aliases[2];		/* NULL-terminated */
	const char *operands;
	int min_args, max_args;
	const char *word;		/* the target message word */
	int (*run)(const struct cli_verb *verb, char **args, int nargs,
		   const struct cli_ctl *ctl);
	const char *help;
};

/* The verb named, or aliased, @name; NULL if none. */
const struct cli_verb *cli_find_verb(const char *name);

/*
 * Read and parse map @name; with @info also its status. Returns 0, or 1
 * after printing why; with @gone_ok, returns -1 silently if the map has
 * gone or stopped being an mpath2 map since it was listed.
 */
int cli_load_map(const struct cli_ctl *ctl, const char *name,
		 struct mpdm_map *dm, struct status_map *table,
		 struct status_map *info, int gone_ok);

/* Print "mpath2ctl: <reason>" on ctl->err; returns 1. */
__attribute__((format(printf, 2, 3)))
int cli_fail(const struct cli_ctl *ctl, const char *fmt, ...);

/* Run one command line; returns the exit status, 0 or 1. */
int cli_main(int argc, char **argv, const struct cli_ctl *ctl);

#endif
