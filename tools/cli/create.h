/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl create NAME [options] DEV...: one mpath2 map over the given
 * paths (see table.h for the line it loads), and the option words that
 * create and discover share.
 */
#ifndef MPATH2CTL_CREATE_H
#define MPATH2CTL_CREATE_H

#include <stddef.h>

#include "lib/blockdev.h"
#include "cli/cli.h"
#include "table/table.h"

/*
 * If @args[*@i] is one of the table options (--selector, --group,
 * --no-path-retry, --failback, --hwhandler; "--opt VALUE" or
 * "--opt=VALUE"), apply it to @o, note it in o->given and step *@i past
 * it: returns 1. Returns 0 if it is not one, -1
 * with a reason in @err if its value is missing or wrong.
 */
int create_table_option(char **args, int nargs, int *i, struct tbl_opts *o,
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

/* The create command: 0, or 1 after one line on ctl->err. */
int create_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
