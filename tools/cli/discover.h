/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl discover: the SCSI disks udev has initialized (with --sysfs
 * ROOT and --dry-run: <ROOT>/block/sd*), their WWIDs from sysfs's VPD
 * page 0x83, less those mpath2.conf blacklists,
 * grouped by WWID: each WWID seen on two paths or more (or one, with
 * --single) becomes a map named by its multipaths{} alias, else by its
 * WWID, or by its bindings alias with --friendly or user_friendly_names
 * (bindings.h). Table options not on the command line come from the
 * config as it resolves for each LUN.
 */
#ifndef MPATH2CTL_DISCOVER_H
#define MPATH2CTL_DISCOVER_H

#include <getopt.h>
#include <stddef.h>

#include "lib/blockdev.h"
#include "cli/cli.h"
#include "lib/vpd.h"

struct discover_path {
	char name[32];			/* "sdb" */
	struct blockdev bd;		/* its numbers and sizes */
	char wwid[VPD_WWID_LEN];
	char vendor[16], product[32];	/* from sysfs, "" if unknown */
};

/*
 * The SCSI disks' names (sd<letters>, *@nr of them into *@names, to
 * free), sorted: those in <@root>/block (readdir: a fake tree, or the
 * daemon's sysfs), or with @root NULL those udev has initialized
 * (libudev's enumeration of block disks, what its rules and by-id links
 * have seen); a disk udev has not initialized yet is left out with one
 * line on @warn. 0, or -1 with a reason in @err.
 */
int discover_list_disks(const char *root, FILE *warn, char (**names)[32],
			size_t *nr, char *err, size_t errlen);

/*
 * The disks discover_list_disks(@list_root) lists, each read under
 * <@root>/block, that have a WWID, sorted by WWID then device number,
 * so that one LUN's paths are adjacent and in a stable order. A disk
 * that cannot be read is left out with one line on @warn. 0, or -1 with
 * a reason in @err (no <root>/block, no memory).
 */
int discover_scan_from(const char *list_root, const char *root, FILE *warn,
		       struct discover_path **paths, size_t *nr, char *err,
		       size_t errlen);

/* discover_scan_from(@root, @root, ...): <@root>/block listed and read. */
int discover_scan(const char *root, FILE *warn, struct discover_path **paths,
		  size_t *nr, char *err, size_t errlen);

/* Sort @paths as discover_scan() returns them. */
void discover_sort(struct discover_path *paths, size_t nr);

/* discover's options, for getopt_long() (cli.c). */
extern const struct option discover_options[];

/* The command: 0, or 1 if anything failed (one line each on ctl->err). */
int discover_main(const struct cli_verb *verb, const struct cli_args *a,
		  const struct cli_ctl *ctl);

#endif
