/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What path grouping needs to know of one path: its ALUA priority
 * (alua.h) and its unit serial number (serial.h). Sysfs first, where
 * the kernel keeps the pages it read at scan time (<dir>/device/inquiry,
 * vpd_pg83, vpd_pg80), else INQUIRY through SG_IO on the device node;
 * REPORT TARGET PORT GROUPS is always sent, since the states change.
 */
#ifndef MPATH2CTL_PRIO_H
#define MPATH2CTL_PRIO_H

#include <stddef.h>

#define PRIO_UNDEF	(-1)	/* could not be read: below every prio */

/*
 * The device node of the path whose sysfs directory is @dir (NULL: none):
 * "/dev/<kernel name>", else "/dev/block/<major>:<minor>".
 */
void prio_devnode(const char *dir, unsigned int major, unsigned int minor,
		  char *node, size_t len);

/*
 * The path's priority: alua_prio() of its group's state; 0 for a device
 * without ALUA (TPGS 0); PRIO_UNDEF with a reason in @why if an answer
 * was missing or malformed. @state gets the state's name ("none" for no
 * ALUA, "unknown") if not NULL.
 */
int prio_path(const char *dir, const char *devnode, const char **state,
	      char *why, size_t whylen);

/* The path's unit serial number: 0, or -1 with a reason in @err. */
int prio_serial(const char *dir, const char *devnode, char *serial,
		size_t len, char *err, size_t errlen);

#endif
