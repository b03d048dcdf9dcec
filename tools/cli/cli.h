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
struct option;
struct status_map;

/*
 * A verb's struct option vals start here: below are getopt_long()'s
 * short options, from CLI_OPT_GLOBAL on cli.c's global ones.
 */
#define CLI_OPT_FIRST	256
#define CLI_OPT_GLOBAL	4096

/* One of a verb's options, as getopt_long() found it on the line. */
struct cli_opt {
	int val;		/* its struct option's val */
	const char *name;	/* its long name, for messages */
	const char *arg;	/* its value; NULL: none, or missing at the
				   end of the line (the verb says so) */
};

/*
 * A verb's words with the global options taken out wherever they were
 * (cli_main()): its options in the order given, then its operands in
 * theirs (after "--", words that look like options too). A verb without
 * an option table (own_words) gets every other word as an operand.
 */
struct cli_args {
	struct cli_opt *opts;
	int nr_opts;
	char **operands;
	int nr_operands;
};

/*
 * One verb of the command line: its name, the older spellings that keep
 * working, its operands for --help and the usage error, how many
 * operands it takes, the target message it sends (NULL: none, or its
 * own), its options (getopt_long()'s table, next to the verb), its
 * handler and --help's line. A verb whose file parses its own words
 * (own_words: show, daemon...) has no table; cli.c takes the global
 * options out and hands it the rest as operands (so its own long
 * options must not abbreviate a global one: --config, --help,
 * --version).
 */
struct cli_verb {
	const char *name;
	const char *aliases[2];		/* NULL-terminated */
	const char *operands;
	int min_args, max_args;
	const char *word;		/* the target message word */
	const struct option *opts;	/* ends with a zeroed entry */
	int own_words;
	int (*run)(const struct cli_verb *verb, const struct cli_args *a,
		   const struct cli_ctl *ctl);
	const char *help;
};

/*
 * "<verb>: <option> needs <what>" for an option of @a whose value is
 * missing (opt->arg NULL); returns 1.
 */
int cli_needs(const struct cli_ctl *ctl, const char *verb,
	      const struct cli_opt *opt, const char *what);

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
