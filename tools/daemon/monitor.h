/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's view of every path of every mpath2 map, and one check
 * round over it (the daemon's loop, daemon.c, drives it):
 *
 *   monitor_refresh()    read every map's table and status: new paths, gone
 *                    ones, the kernel's A/F per path; a path whose state
 *                    the kernel changed (an I/O error failed it) is
 *                    checked at once
 *   monitor_start_due()  start a check (checker.h) of each path whose time
 *                    has come and that has no check running: a TUR, or
 *                    a directio read where the config's path_checker
 *                    for the path's map says so (checker_kind.h, looked
 *                    up once per path and config, not at every check)
 *   monitor_collect()    take the ended checks, and count a check that ran
 *                    past checker_timeout as "no answer" (down); act on
 *                    each (pathstate.h): fail_path, reinstate_path
 *
 * Every change is one line on the log stream, with sd-daemon's "<N>"
 * priority prefix, so that journald files it at the right level.
 * Time is the caller's (milliseconds on a monotonic clock), so that the
 * tests step it.
 */
#ifndef MPATH2CTL_MONITOR_H
#define MPATH2CTL_MONITOR_H

#include <stdio.h>

#include "checkers/checker.h"
#include "lib/mpdm.h"
#include "checkers/tur.h"
#include "lib/vpd.h"

/* The dm calls the monitor makes: mpdm.h's, or a test's model. */
struct monitor_dm {
	int (*list)(char ***names, size_t *count, char *err, size_t errlen);
	int (*get_map)(const char *name, int with_status, struct mpdm_map *map,
		       char *err, size_t errlen);
	int (*message)(const char *name, const char *msg, char *err,
		       size_t errlen);
	int (*reload)(const char *name, unsigned long long sectors,
		      const char *params, char *err, size_t errlen);
	/* A message and its answer (path_stats); NULL: never asked. */
	int (*message_answer)(const char *name, const char *msg,
			      char **answer, char *err, size_t errlen);
	/* A new map (hotplug.h); NULL: the monitor makes none. */
	int (*create)(const char *name, const char *uuid,
		      unsigned long long sectors, const char *params,
		      char *err, size_t errlen);
	/*
	 * The maps with their event numbers (mpdm_list_events); NULL: the
	 * monitor reads every listed map at every refresh.
	 */
	int (*list_events)(struct mpdm_entry **list, size_t *count, char *err,
			   size_t errlen);
	/* The map's lock (maplock.h): an fd, or -1; NULL: no locking. */
	int (*lock)(const char *name, char *err, size_t errlen);
	void (*unlock)(int fd);
};

extern const struct monitor_dm monitor_dm_real;

#define MONITOR_NO_STATE	(-1)	/* not checked yet */
#define MONITOR_TICK_MS		1000	/* checks start on whole seconds */

struct monitor_path {
	char map[MPDM_NAME_LEN];
	unsigned int major, minor;
	char dev[32];			/* "sdb", or "" if sysfs has no name */
	char wwid[VPD_WWID_LEN];	/* the LUN it must be, "" if unknown */
	char kstate;			/* the kernel's 'A' or 'F' */
	int kchanged;			/* the kernel changed it since the last check */
	int chk;			/* last answer (enum tur_state) or MONITOR_NO_STATE */
	int interval;			/* seconds until the next check */
	long long next_ms;		/* when that is */
	int running;			/* a check runs */
	long long deadline_ms;		/* it counts as "no answer" after this */
	int timed_out;			/* ... and it did */
	int told;			/* the current refusal or wait was logged */
	int seen;			/* in the last refresh */
	int kind;			/* enum checker_kind, -1: not looked up yet */
};

/* A lone disk find_multipaths smart holds (hotplug.h). */
struct monitor_wait {
	char disk[32];
	unsigned int major, minor;
	long long due_ms;		/* look again then */
};

/* A dm device as the last refresh left it (list_events). */
struct monitor_map {
	char name[MPDM_NAME_LEN];
	unsigned int major, minor;
	char uuid[MPDM_UUID_LEN + 1];	/* sysfs', "" if unknown */
	unsigned int event_nr;
	int has_event;
	int ours;			/* read, and an mpath2 map */
	int stale;			/* read it at the next refresh */
};

struct mpath2_conf;

struct monitor {
	const struct monitor_dm *dm;
	struct checker *chk;
	/* path_checker per map (checker_kind.h); NULL: TUR for every path */
	const struct mpath2_conf *conf;
	const char *sysfs;
	FILE *log;
	int poll_s, max_s, timeout_s;
	struct monitor_path *paths;
	size_t nr;
	/*
	 * Making maps for claimed disks (hotplug.h): the wwids file, smart's
	 * stamps and the bindings file. wwids NULL: no map is made.
	 */
	const char *wwids, *stamps, *bindings;
	struct monitor_wait *waits;
	size_t nr_waits;
	struct monitor_map *maps;
	size_t nr_maps;
	unsigned long maps_read;	/* table+status reads, for the tests */
};

/* @log: where state changes go (stderr). Paths: none yet. */
void monitor_init(struct monitor *m, const struct monitor_dm *dm, struct checker *chk,
	      const char *sysfs, FILE *log, int poll_s, int max_s,
	      int timeout_s);
void monitor_free(struct monitor *m);

/*
 * A new config (SIGHUP): @conf from now on, and each path's checker kind
 * looked up again (it is kept, not read from sysfs at every check).
 */
void monitor_set_conf(struct monitor *m, const struct mpath2_conf *conf);

/*
 * Read every map's table and status again: 0, or -1 if the maps could
 * not be listed or one could not be read (logged; its paths are kept).
 */
int monitor_refresh(struct monitor *m, long long now_ms);
/*
 * The same for the maps that changed only: new ones, those whose event
 * number moved, those marked stale; the others' paths stay as they are
 * (one DM_DEVICE_LIST, no TABLE). Without list_events, every map.
 */
int monitor_refresh_changed(struct monitor *m, long long now_ms);
/* Map @name, or the dm device @major:@minor, is read at the next refresh. */
void monitor_map_stale(struct monitor *m, const char *name);
void monitor_map_stale_dev(struct monitor *m, unsigned int major,
			   unsigned int minor);
/* The map the last refresh saw with UUID @uuid, or NULL. */
const struct monitor_map *monitor_map_by_uuid(const struct monitor *m,
					      const char *uuid);
/* How many checks were started. */
int monitor_start_due(struct monitor *m, long long now_ms);
/* How many answers (or timeouts) were acted on. */
int monitor_collect(struct monitor *m, long long now_ms);

/*
 * The earliest next check, check deadline or smart wait's end; -1 if
 * there is none.
 */
long long monitor_next_ms(const struct monitor *m);
/* How many checks run, timed-out ones included. */
int monitor_running(const struct monitor *m);

/*
 * Lock map @name around a read-modify-reload of its table (maplock.h):
 * the lock (>= 0), MONITOR_NO_LOCK when the dm ops lock nothing, or -1
 * if it could not be taken (logged: leave the map alone).
 */
#define MONITOR_NO_LOCK	(-2)
int monitor_lock_map(const struct monitor *m, const char *name);
void monitor_unlock_map(const struct monitor *m, int lock);

/* "<N>" + the line + "\n" on m->log (N: 3 err .. 7 debug). */
__attribute__((format(printf, 3, 4)))
void monitor_log(const struct monitor *m, int prio, const char *fmt, ...);

#endif
