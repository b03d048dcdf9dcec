// SPDX-License-Identifier: GPL-2.0-only
/* The wwid verb. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/wwid_cmd.h"
#include "lib/common.h"
#include "lib/validate.h"
#include "lib/vpd.h"
#include "lib/wwid.h"

/*
 * wwid DEV: from sysfs's copy of VPD page 0x83, else by INQUIRY on DEV
 * (or /dev/block/MAJ:MIN when DEV was given as numbers).
 */
int wwid_cmd_main(const struct cli_verb *verb, const struct cli_args *a,
		  const struct cli_ctl *ctl)
{
	char err[ERRLEN], node[64], wwid[VPD_WWID_LEN];
	unsigned int major, minor;
	char **args = a->operands;
	const char *devnode = args[0];

	(void)verb;
	if (validate_path_arg(args[0], &major, &minor, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (args[0][0] != '/') {
		snprintf(node, sizeof(node), "/dev/block/%u:%u", major, minor);
		devnode = node;
	}
	if (wwid_read(ctl->sysfs, major, minor, devnode, wwid, sizeof(wwid),
		      err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	fprintf(ctl->out, "%s\n", wwid);
	return 0;
}
