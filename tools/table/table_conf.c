// SPDX-License-Identifier: GPL-2.0-only
/* mpath2.conf settings into create's and discover's table options. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/blockdev.h"
#include "lib/sysfs.h"
#include "table/table_conf.h"

struct mpath2_conf *table_conf_load(const struct cli_ctl *ctl)
{
	return ctl->config ? config_load(ctl->config, ctl->err) : config_default();
}

void table_conf_vendor_product(const char *devdir, char *vendor, char *product)
{
	sysfs_read_line(devdir, "device/vendor", vendor, CONF_VENDOR_LEN);
	sysfs_read_line(devdir, "device/model", product, CONF_PRODUCT_LEN);
}

/* "round-robin 0" -> TABLE_ROUND_ROBIN (config.c checked the name). */
static int apply_selector(struct tbl_opts *o, const char *selector,
			  char *err, size_t errlen)
{
	char name[32];

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(selector, " "),
		 selector);
	return table_parse_selector(name, &o->selector, err, errlen);
}

static const enum tbl_grouping groupings[] = {
	[GROUP_FAILOVER] = TABLE_FAILOVER,
	[GROUP_MULTIBUS] = TABLE_MULTIBUS,
	[GROUP_BY_PRIO] = TABLE_GROUP_BY_PRIO,
	[GROUP_BY_SERIAL] = TABLE_GROUP_BY_SERIAL,
};

static int apply_grouping(struct tbl_opts *o, enum config_grouping g,
			  char *err, size_t errlen)
{
	if ((size_t)g < sizeof(groupings) / sizeof(groupings[0])) {
		o->grouping = groupings[g];
		return 0;
	}
	snprintf(err, errlen, "path_grouping_policy %d: unknown", (int)g);
	return -1;
}

int table_conf_apply(struct tbl_opts *o, const struct config_settings *s,
		   char *err, size_t errlen)
{
	/* A statement mpath2 cannot honour applies: no map rather than a wrong one. */
	if (s->refused[0]) {
		snprintf(err, errlen, "%s", s->refused);
		return -1;
	}
	o->poll_secs = (unsigned int)s->polling_interval;
	if (!(o->given & TABLE_GIVEN_SELECTOR) &&
	    apply_selector(o, s->path_selector, err, errlen))
		return -1;
	if (!(o->given & TABLE_GIVEN_GROUPING) &&
	    apply_grouping(o, s->grouping, err, errlen))
		return -1;
	if (!(o->given & TABLE_GIVEN_RETRY))
		o->no_path_retry = s->no_path_retry == CONF_NO_PATH_RETRY_QUEUE ?
				   TABLE_RETRY_QUEUE : s->no_path_retry;
	if (!(o->given & TABLE_GIVEN_FAILBACK) &&
	    table_parse_failback(s->failback, &o->failback, err, errlen))
		return -1;
	if (!(o->given & TABLE_GIVEN_HWHANDLER))
		snprintf(o->hwhandler, sizeof(o->hwhandler), "%s", s->hwhandler);
	o->hold_down[0] = s->hold_down_failures;
	o->hold_down[1] = s->hold_down_window;
	o->hold_down[2] = s->hold_down_secs;
	return 0;
}
