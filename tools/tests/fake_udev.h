/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libudev's enumeration as discover uses it (cli/discover.c's
 * list_udev()), for run-tests, which is not linked with libudev: the
 * devices are fake_udev_devs, listed in their order whatever the
 * matches asked for (the caller must filter, and its matches are
 * recorded). fake_udev_reset() before each case (tests/unit.h).
 */
#ifndef MPATH2CTL_FAKE_UDEV_H
#define MPATH2CTL_FAKE_UDEV_H

#include <stddef.h>

struct fake_udev_dev {
	const char *sysname;	/* "sdb" */
	const char *devtype;	/* "disk", "partition" */
	int initialized;	/* udev has processed it */
};

extern const struct fake_udev_dev *fake_udev_devs;
extern size_t fake_udev_nr;
extern int fake_udev_fail;		/* udev_new() fails */
extern char fake_udev_matches[256];	/* "subsystem=block ..." each */
extern int fake_udev_live;		/* objects not unref'ed yet */
extern int fake_udev_stopped;		/* udevd not running */

/* No devices, nothing recorded. */
void fake_udev_reset(void);

#endif
