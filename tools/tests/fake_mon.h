/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A pretend kernel behind the daemon's struct monitor_dm (monitor.h), for the
 * daemon, directio and regroup tests: one mpath2 map, "lun0" (253:0, 1 GiB,
 * UUID fake_mon_uuid). Its table and status come from a path model, one
 * group per path, the first active ("8:16A 8:32F": A active, F failed);
 * or the table is given as a string (fake_mon_table), without a status.
 * fail_path and reinstate_path change the model; every message and reload
 * is recorded. fake_mon_reset() before each case (tests/unit.h).
 */
#ifndef MPATH2CTL_FAKE_MON_H
#define MPATH2CTL_FAKE_MON_H

#include <stddef.h>

#include "daemon/monitor.h"

#define FAKE_MON_WWID	"36001405a1b2c3d4e5f60718293a4b5c6"
#define FAKE_MON_PATHS	4

struct fake_mon_path {
	unsigned int major, minor;
	char state;			/* 'A' or 'F' */
};

extern const struct monitor_dm fake_mon_dm;

extern struct fake_mon_path fake_mon_paths[FAKE_MON_PATHS];
extern size_t fake_mon_nr;
extern const char *fake_mon_uuid;	/* "mpath2-" FAKE_MON_WWID */
extern const char *fake_mon_table;	/* NULL: the model's */
extern const char *fake_mon_stats;	/* path_stats' answer; NULL: refused */
extern int fake_mon_list_fails;		/* listing maps fails */
extern char fake_mon_sent[1024];	/* "<map>: <message>\n" each */
extern char fake_mon_reloaded[1024];	/* "<map> 0 <sectors> mpath2 <params>" */
extern unsigned int fake_mon_event_nr;	/* lun0's dm event count (listed) */
extern int fake_mon_reads;		/* get_map calls */

/* The model's paths: "8:16A 8:32F". */
void fake_mon_set(const char *paths);

/* No paths, nothing sent, the settings above as documented. */
void fake_mon_reset(void);

#endif
