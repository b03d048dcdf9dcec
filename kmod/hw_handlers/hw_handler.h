/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hardware handler interface of mpath2.
 *
 * A hardware handler knows how to make a storage array's ports ready for
 * I/O: for ALUA arrays, to move a standby or non-optimized port group to
 * active. mpath2 calls it whenever I/O moves to a priority group ("pg_init",
 * as dm-multipath calls it) before any bio is sent there; the I/O waits
 * meanwhile (kmod/pg_init.c).
 *
 * Table: `<#hw handler args> [<name> [<arg>...]]`, e.g. `1 alua`. The
 * handler's own argument words go to create().
 *
 * activate() is called for each usable path of the group, from a work
 * item (process context, may sleep, WQ_MEM_RECLAIM: it must not wait for
 * memory that needs I/O). Presuspend waits for it: it should not wait for
 * a device either (the ALUA handler answers from what it knows and asks
 * its own work for commands). Its answer:
 *
 *   MPATH2_HW_OK      the path's port is ready
 *   MPATH2_HW_RETRY   not yet (e.g. transitioning): try the group again
 *                     after pg_init_delay_msecs, up to pg_init_retries
 *   MPATH2_HW_BUSY    the array cannot do it now (e.g. a controller being
 *                     updated): bypass the group, use another
 *   MPATH2_HW_FAILED  the path cannot be made ready: fail it
 *   MPATH2_HW_BLOCKED the array forbids I/O through the path for now
 *                     (standby, unavailable): block it, uncounted
 *
 * Optional, for handlers that follow the array on their own:
 *
 *   start(m, error)   the table is built (end of the constructor): begin
 *                     watching the paths; may queue work, must not wait
 *                     for a device; an error fails the constructor
 *   stop(m)           the table goes (start of the destructor): stop all
 *                     work that could touch the map; also called when the
 *                     constructor fails, after or without start(). Must
 *                     not wait for a device.
 *   resume(m)         the map resumes (or a suspend is given up): begin
 *                     or go on watching the array; must not wait
 *   presuspend(m)     the map is being suspended: stop watching (polls);
 *                     must not wait for a device
 *   path_error(m, p)  a bio failed on @p with a path error (end_io, maybe
 *                     in interrupt context: no sleeping). true: the handler
 *                     has taken the path out of use (mpath2_block_path())
 *                     and will find out why, then fail, keep blocked or
 *                     unblock it; false: mpath2 fails the path as usual
 *   path_info(m, p, result, maxlen)  extra `key=value ` words for the
 *                     path_stats message line of @p; returns their length
 */
#ifndef MPATH2_HW_HANDLER_H
#define MPATH2_HW_HANDLER_H

#include <linux/types.h>

struct mpath2;
struct mpath2_path;

enum mpath2_hw_result {
	MPATH2_HW_OK,
	MPATH2_HW_RETRY,
	MPATH2_HW_BUSY,
	MPATH2_HW_FAILED,
	MPATH2_HW_BLOCKED,
};

struct mpath2_hw_handler_type {
	const char *name;
	/* Parse the handler's table words; may keep state in m->hw_ctx. */
	int (*create)(struct mpath2 *m, unsigned int argc, char **argv,
		      char **error);
	void (*destroy)(struct mpath2 *m);
	enum mpath2_hw_result (*activate)(struct mpath2 *m,
					  struct mpath2_path *path);
	int (*start)(struct mpath2 *m, char **error);
	void (*stop)(struct mpath2 *m);
	void (*resume)(struct mpath2 *m);
	void (*presuspend)(struct mpath2 *m);
	bool (*path_error)(struct mpath2 *m, struct mpath2_path *path);
	unsigned int (*path_info)(struct mpath2 *m, struct mpath2_path *path,
				  char *result, unsigned int maxlen);
};

/* registry.c: the registry pattern of ../registry.h. */
int mpath2_hw_handler_register(const struct mpath2_hw_handler_type *type);
void mpath2_hw_handler_unregister(const struct mpath2_hw_handler_type *type);
const struct mpath2_hw_handler_type *mpath2_hw_handler_find(const char *name);

/* The handlers built into the module (module init and exit). */
int mpath2_alua_register(void);
void mpath2_alua_unregister(void);

#endif /* MPATH2_HW_HANDLER_H */
