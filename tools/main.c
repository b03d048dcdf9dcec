// SPDX-License-Identifier: GPL-2.0-only
/* mpath2ctl: admin helper for mpath2 maps. See cli.c. */
#include <stdio.h>

#include "conf/config.h"
#include "cli/cli.h"
#include "lib/claim.h"
#include "lib/prkeys.h"
#include "lib/wwids.h"

int main(int argc, char **argv)
{
	struct cli_ctl ctl = { .out = stdout, .err = stderr, .sysfs = "/sys",
			   .config = CONF_DEFAULT_PATH, .wwids = WWIDS_FILE,
			   .stamps = CLAIM_STAMP_DIR, .prkeys = PRKEYS_FILE };
	int r = cli_main(argc, argv, &ctl);

	/* A full disk or closed pipe must not look like success. */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "mpath2ctl: error writing output\n");
		return 1;
	}
	return r;
}
