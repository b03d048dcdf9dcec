/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A mock of the libdevmapper calls mpdm.c makes, for test_mpdm.c: a pretend
 * kernel with a few maps. Linked instead of -ldevmapper, so mpdm.c's task
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
	const char *uuid;	/* NULL: none */
};

extern const struct mock_map *mock_maps;	/* ends with a NULL name */
extern int mock_list_errno;			/* DM_DEVICE_LIST fails so */
extern int mock_tasks;				/* tasks still not destroyed */
extern char mock_sent[512];			/* "<map> <sector> <message>" */

/* Creating and removing maps. */
extern int mock_create_errno;		/* DM_DEVICE_CREATE fails so */
extern int mock_create_leaves_map;	/* ... and leaves an empty map */
extern int mock_remove_errno;		/* DM_DEVICE_REMOVE fails so */
extern char mock_created[1024];		/* "<name> <uuid> <start> <len> <type> <params>" */
extern char mock_removed[256];		/* names removed, each + ' ' */
extern int mock_cookies_set;		/* dm_task_set_cookie() calls */
extern int mock_cookies_waited;		/* dm_udev_wait() on those cookies */
extern int mock_udev_disabled;		/* as DM_DISABLE_UDEV=1: cookie 0 */
/*
 * udev's side of the cookies: it completes each at once unless stuck;
 * a dm_udev_wait() on a cookie it has not completed would never return
 * (counted, then it returns, as if udev came back). Each cookie must be
 * destroyed (by a wait that returns ready) exactly once.
 */
extern int mock_udev_stuck;		/* udevd completes no cookie */
extern int mock_blocked_waits;		/* dm_udev_wait() that would hang */
extern int mock_cookies_released;	/* ready dm_udev_wait_immediate() */
extern int mock_cookie_errors;		/* a cookie used after its end */
extern uint16_t mock_cookie_flags;	/* the last dm_task_set_cookie()'s */
/* udevd comes back: every cookie handed out is completed. */
void mock_udev_catch_up(void);
/* Cookies handed out (non-zero) and not destroyed yet. */
int mock_cookies_live(void);

/* Reloading: RELOAD, then RESUME (which suspends, swaps, resumes). */
extern int mock_reload_errno;		/* DM_DEVICE_RELOAD fails so */
extern int mock_resume_errno;		/* the first RESUME fails so, and
					   leaves the map suspended */
extern int mock_suspended;		/* the map is suspended now */
extern int mock_inactive;		/* an inactive table is loaded */
extern char mock_reloaded[1024];	/* RELOAD's "<name> <start> <len> <type> <params>" */
extern char mock_steps[256];		/* "reload resume clear ..." */

/*
 * DM_DEVICE_LIST puts each map's event number (by minor) after its name,
 * as dm ioctl 4.37 on does; every task answers mock_driver_version.
 */
#define MOCK_MINORS	64
extern unsigned int mock_event_nr[MOCK_MINORS];
extern const char *mock_driver_version;	/* "4.47.0" */
/* Tasks run, by type (DM_DEVICE_TABLE, ...): the ioctls made. */
extern int mock_runs[32];

/* Every setting above to 0 / NULL / "": the pretend kernel afresh. */
void libdm_mock_reset(void);

#endif
