/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From mpath2.conf to a map: the config a command runs with, a disk's
 * vendor and product for devices{} and blacklist matching, and the
 * resolved settings turned into table options.
 */
#ifndef MPATH2CTL_TABLE_CONF_H
#define MPATH2CTL_TABLE_CONF_H

#include <stddef.h>

#include "conf/config.h"
#include "cli/cli.h"
#include "table/table.h"

#define CONF_VENDOR_LEN		16	/* INQUIRY: 8 bytes, trimmed */
#define CONF_PRODUCT_LEN	32	/* INQUIRY: 16 bytes, trimmed */

/*
 * ctl->config parsed (warnings and the error on ctl->err), or the
 * built-in defaults when ctl->config is NULL. NULL after a syntax error.
 */
struct mpath2_conf *table_conf_load(const struct cli_ctl *ctl);

/*
 * <@devdir>/device/vendor and model, trailing blanks removed; "" for
 * what sysfs does not have.
 */
void table_conf_vendor_product(const char *devdir, char *vendor, char *product);

/*
 * Fill the options the command line did not give (o->given) from @s:
 * selector, grouping, no_path_retry (with polling_interval), failback,
 * hardware handler, hold_down. 0, or -1 with a reason in @err; -1 with
 * s->refused when the config refuses this map (config.h).
 */
int table_conf_apply(struct tbl_opts *o, const struct config_settings *s,
		   char *err, size_t errlen);

#endif
