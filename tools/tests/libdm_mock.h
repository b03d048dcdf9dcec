/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A mock of the libdevmapper calls dm.c makes, for test_dm.c: a pretend
 * kernel with a few maps. Linked instead of -ldevmapper, so dm.c's task
 * handling, error mapping and list walking run without device-mapper.
 */
#ifndef MPATH2CTL_LIBDM_MOCK_H
#define MPATH2CTL_LIBDM_MOCK_H

#include <stdint.h>

struct mock_map {
	const char *name;
	const char *types[2];	/* target types; none: no table loaded */
	const char *table, *status;
	uint32_t minor;
	int read_only;
	int run_errno;		/* every task on this map fails so */
	int gone_on_status;	/* vanishes between the table and the status */
};

extern const struct mock_map *mock_maps;	/* ends with a NULL name */
extern int mock_list_errno;			/* DM_DEVICE_LIST fails so */
extern int mock_tasks;				/* tasks still not destroyed */
extern char mock_sent[512];			/* "<map> <sector> <message>" */

#endif
