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
 * memory that needs I/O). Its answer:
 *
 *   MPATH2_HW_OK      the path's port is ready
 *   MPATH2_HW_RETRY   not yet (e.g. transitioning): try the group again
 *                     after pg_init_delay_msecs, up to pg_init_retries
 *   MPATH2_HW_BUSY    the array cannot do it now (e.g. a controller being
 *                     updated): bypass the group, use another
 *   MPATH2_HW_FAILED  the path cannot be made ready: fail it
 */
#ifndef MPATH2_HW_HANDLER_H
#define MPATH2_HW_HANDLER_H

#include <linux/list.h>

struct mpath2;
struct mpath2_path;

enum mpath2_hw_result {
	MPATH2_HW_OK,
	MPATH2_HW_RETRY,
	MPATH2_HW_BUSY,
	MPATH2_HW_FAILED,
};

struct mpath2_hw_handler_type {
	const char *name;
	/* Parse the handler's table words; may keep state in m->hw_ctx. */
	int (*create)(struct mpath2 *m, unsigned int argc, char **argv,
		      char **error);
	void (*destroy)(struct mpath2 *m);
	enum mpath2_hw_result (*activate)(struct mpath2 *m,
					  struct mpath2_path *path);

	struct list_head list;	/* registry.c */
};

int mpath2_hw_handler_register(struct mpath2_hw_handler_type *type);
void mpath2_hw_handler_unregister(struct mpath2_hw_handler_type *type);
const struct mpath2_hw_handler_type *mpath2_hw_handler_find(const char *name);

#endif /* MPATH2_HW_HANDLER_H */
