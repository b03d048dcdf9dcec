// SPDX-License-Identifier: GPL-2.0-only
/* The is-path verb (see is_path.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/is_path.h"
#include "lib/claim.h"
#include "lib/common.h"
#include "lib/sysfs.h"
#include "lib/validate.h"
#include "lib/wwids.h"
#include "table/table_conf.h"

struct is_path_opts {
	const char *wwids, *sysfs, *stamps, *dev;
};

enum { OPT_WWIDS = CLI_OPT_FIRST, OPT_SYSFS, OPT_STAMPS };

const struct option is_path_options[] = {
	{ "wwids", required_argument, NULL, OPT_WWIDS },
	{ "sysfs", required_argument, NULL, OPT_SYSFS },
	{ "stamps", required_argument, NULL, OPT_STAMPS },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(const struct cli_args *a, const struct cli_ctl *ctl,
		      struct is_path_opts *o)
{
	const struct cli_opt *opt;
	int i;

	o->wwids = ctl->wwids;
	o->sysfs = ctl->sysfs;
	o->stamps = ctl->stamps;
	o->dev = a->operands[0];
	for (i = 0; i < a->nr_opts; i++) {
		opt = &a->opts[i];
		if (!opt->arg || opt->arg[0] != '/')
			return cli_needs(ctl, "is-path", opt, "an absolute path");
		if (opt->val == OPT_WWIDS)
			o->wwids = opt->arg;
		else if (opt->val == OPT_SYSFS)
			o->sysfs = opt->arg;
		else
			o->stamps = opt->arg;
	}
	if (!o->sysfs)
		return cli_fail(ctl, "is-path: no sysfs to read");
	return 0;
}

/*
 * DEV as udev gives it (%k: "sdb"), a /dev/ node or MAJ:MIN, to its
 * kernel name in @name. 0, or 1 after saying why.
 */
static int disk_name(const struct cli_ctl *ctl, const struct is_path_opts *o,
		     char *name, size_t len)
{
	unsigned int major, minor;
	char err[ERRLEN], q[48];

	if (!strchr(o->dev, '/') && !strchr(o->dev, ':')) {
		if (strlen(o->dev) >= len)
			return cli_fail(ctl, "is-path: '%s': name too long",
					validate_printable(o->dev, q, sizeof(q)));
		snprintf(name, len, "%s", o->dev);
		return 0;
	}
	if (validate_path_arg(o->dev, &major, &minor, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (sysfs_devname(o->sysfs, major, minor, name, len))
		return cli_fail(ctl, "is-path: %u:%u: no such block device in"
				" %s", major, minor, o->sysfs);
	return 0;
}

int is_path_main(const struct cli_verb *verb, const struct cli_args *a,
		 const struct cli_ctl *ctl)
{
	struct wwids ws = { NULL, 0 };
	struct is_path_opts o;
	struct claim_result res;
	struct mpath2_conf *conf;
	char err[ERRLEN], name[32];
	int r;

	(void)verb;
	if (parse_args(a, ctl, &o) ||
	    disk_name(ctl, &o, name, sizeof(name)))
		return 1;
	conf = table_conf_load(ctl);
	if (!conf)
		return 1;	/* config_load() said why */
	if (o.wwids && wwids_load(o.wwids, &ws, err, sizeof(err))) {
		config_free(conf);
		return cli_fail(ctl, "%s", err);
	}
	r = claim_disk(o.sysfs, conf, &ws, o.stamps, name, claim_now(), &res,
		       err, sizeof(err));
	wwids_free(&ws);
	config_free(conf);
	if (r)
		return cli_fail(ctl, "%s", err);
	fprintf(ctl->out, "DM_MULTIPATH_DEVICE_PATH=%d\nMPATH2_CLAIM=%s\n",
		claim_is_path(res.answer), claim_name(res.answer));
	if (res.wwid[0])
		fprintf(ctl->out, "MPATH2_WWID=%s\n", res.wwid);
	if (res.answer == CLAIM_WAIT)
		fprintf(ctl->out, "MPATH2_WAIT_SECS=%d\n", res.wait_left_s);
	if (ctl->verbose)
		fprintf(ctl->err, "mpath2ctl: %s: %s (%s%s%s, %zu other path%s)\n",
			name, claim_is_path(res.answer) ? "a path" : "not a path",
			claim_name(res.answer), res.why[0] ? ": " : "", res.why,
			res.siblings, res.siblings == 1 ? "" : "s");
	return claim_is_path(res.answer) ? 0 : 1;
}
