/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl create NAME [options] DEV...: one mpath2 map over the given
 * paths (see table.h for the line it loads), and the option words that
 * create and discover share.
 */
#ifndef MPATH2CTL_CREATE_H
#define MPATH2CTL_CREATE_H

#include <getopt.h>
#include <stddef.h>

#include "lib/blockdev.h"
#include "cli/cli.h"
#include "table/table.h"

/* The vals of create's options; discover's own follow CREATE_OPT_END. */
enum create_opt {
	CREATE_OPT_SELECTOR = CLI_OPT_FIRST,	/* as TABLE_GIVEN_*'s order */
	CREATE_OPT_GROUP,
	CREATE_OPT_NO_PATH_RETRY,
	CREATE_OPT_FAILBACK,
	CREATE_OPT_HWHANDLER,
	CREATE_OPT_DRY_RUN,
	CREATE_OPT_FORCE,
	CREATE_OPT_END,
};

/* The table options and --dry-run, which create and discover share. */
#define CREATE_TABLE_OPTIONS						\
	{ "selector", required_argument, NULL, CREATE_OPT_SELECTOR },	\
	{ "group", required_argument, NULL, CREATE_OPT_GROUP },		\
	{ "no-path-retry", required_argument, NULL,			\
	  CREATE_OPT_NO_PATH_RETRY },					\
	{ "failback", required_argument, NULL, CREATE_OPT_FAILBACK },	\
	{ "hwhandler", required_argument, NULL, CREATE_OPT_HWHANDLER },	\
	{ "dry-run", no_argument, NULL, CREATE_OPT_DRY_RUN }

/* create's options, for getopt_long() (cli.c). */
extern const struct option create_options[];

/*
 * If @opt is one of the table options (--selector, --group,
 * --no-path-retry, --failback, --hwhandler), apply it to @o and note it
 * in o->given: returns 1. Returns 0 if it is not one, -1 with a reason
 * in @err if its value is missing or wrong.
 */
int create_table_option(const struct cli_opt *opt, struct tbl_opts *o,
			char *err, size_t errlen);

/* create_map() @flags */
#define CREATE_DRY_RUN		1	/* print the table, load nothing */
#define CREATE_QUIET_EXISTS	2	/* MPDM_EXISTS: say nothing */

/*
 * Load (or with CREATE_DRY_RUN print) map @name with @uuid over @nr
 * paths @bd, read and checked already. @dirs: each path's sysfs
 * directory for group_by_prio and group_by_serial, or NULL (group.h).
 * Returns 0, else MPDM_* after printing why (except MPDM_EXISTS with
 * CREATE_QUIET_EXISTS: the caller judges an existing map).
 */
int create_map(const struct cli_ctl *ctl, const char *name, const char *uuid,
	       const struct tbl_opts *o, const struct blockdev *bd, size_t nr,
	       const char *const *dirs, int flags);

struct mpath2_conf;

/*
 * Whether @conf's blacklist names path @major:@minor of map @map, by its
 * kernel name, WWID, vendor or product as sysfs has them (discover's
 * check, config_blacklist_why()): 0 if not; if it does, 1 after one line
 * naming the disk and the entry, or with @force 0 after a warning.
 */
int create_blacklisted(const struct cli_ctl *ctl,
		       const struct mpath2_conf *conf, const char *map,
		       unsigned int major, unsigned int minor, int force);

/* The create command: 0, or 1 after one line on ctl->err. */
int create_main(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl);

#endif
