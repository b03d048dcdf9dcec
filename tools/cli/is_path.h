/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl is-path [--wwids FILE] [--sysfs ROOT] [--stamps DIR] DEV:
 * whether SCSI disk DEV is a path to keep for a map (claim.h), the
 * analogue of `multipath -u`. Prints udev properties, one KEY=value a
 * line, for an IMPORT{program} rule (56-mpath2-claim.rules):
 *
 *   DM_MULTIPATH_DEVICE_PATH=1|0
 *   MPATH2_CLAIM=map|wwids|sibling|greedy|wait|no|released|in-use|
 *                blacklisted|no-wwid
 *   MPATH2_WWID=<wwid>              (when the disk has one)
 *   MPATH2_WAIT_SECS=<s>            (with wait: until smart releases it)
 *
 * Exit status 0 if it is a path, 1 if not, or 1 with nothing printed and
 * the reason on stderr if DEV or the config could not be read.
 */
#ifndef MPATH2CTL_IS_PATH_H
#define MPATH2CTL_IS_PATH_H

#include <getopt.h>

#include "cli/cli.h"

/* is-path's options, for getopt_long() (cli.c). */
extern const struct option is_path_options[];

int is_path_main(const struct cli_verb *verb, const struct cli_args *a,
		 const struct cli_ctl *ctl);

#endif
