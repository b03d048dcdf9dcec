/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The little of libdevmapper that mpath2ctl needs: read an mpath2 map's
 * table and status, send it a message, list the mpath2 maps. Callers
 * never see a dm_task; tests link a fake of these functions instead of
 * mpdm.c and libdevmapper.
 */
#ifndef MPATH2CTL_MPDM_H
#define MPATH2CTL_MPDM_H

#include <stddef.h>

#define MPDM_TARGET	"mpath2"	/* the target type mpath2ctl works on */
#define MPDM_NAME_LEN	128		/* DM_NAME_LEN */

/* Return values besides 0. */
#define MPDM_ERR	(-1)	/* libdevmapper or the kernel failed */
#define MPDM_NOMAP	(-2)	/* no map by that name */
#define MPDM_NOTOURS	(-3)	/* the map is not one mpath2 target */
#define MPDM_EXISTS	(-4)	/* create: a map by that name exists */

#define MPDM_UUID_PREFIX "mpath2-"	/* not multipathd's "mpath-" */
#define MPDM_UUID_LEN	128		/* DM_UUID_LEN less its NUL */

struct mpdm_map {
	char name[MPDM_NAME_LEN];
	unsigned int major, minor;	/* the map's own block device */
	int read_only;
	unsigned long long sectors;	/* length of the mpath2 target */
	char uuid[MPDM_UUID_LEN + 1];	/* "mpath2-<wwid>", or "" */
	char *table;			/* the target's TABLE string */
	char *status;			/* its INFO string, if asked for */
};

/*
 * Fill @map for map @name: always the table, the status too if
 * @with_status. Returns 0 or MPDM_* with a one-line reason in @err.
 */
int mpdm_get_map(const char *name, int with_status, struct mpdm_map *map,
		 char *err, size_t errlen);
void mpdm_free_map(struct mpdm_map *map);

/* Send @msg to sector 0 of map @name (dmsetup message NAME 0 MSG). */
int mpdm_message(const char *name, const char *msg, char *err, size_t errlen);
/* The same, and the target's answer in *@answer (malloc'ed, maybe ""). */
int mpdm_message_answer(const char *name, const char *msg, char **answer,
			char *err, size_t errlen);

/*
 * Create map @name with @uuid and the one target "0 @sectors mpath2
 * @params", waiting for udev (or, with DM_DISABLE_UDEV=1, letting
 * libdevmapper make the /dev/mapper node). If the table load fails, the
 * empty map the kernel made is removed. MPDM_EXISTS if @name exists.
 */
int mpdm_create(const char *name, const char *uuid, unsigned long long sectors,
		const char *params, char *err, size_t errlen);
/*
 * Replace map @name's table with "0 @sectors mpath2 @params": RELOAD
 * (the inactive table), then RESUME (the swap), as multipath-tools
 * does. A refused RELOAD changes nothing. If RESUME fails, the inactive
 * table is cleared and the map resumed again, so that it is never left
 * suspended; the error says so.
 */
int mpdm_reload(const char *name, unsigned long long sectors,
		const char *params, char *err, size_t errlen);

/* Remove map @name (dmsetup remove), waiting for udev. */
int mpdm_remove(const char *name, char *err, size_t errlen);

/*
 * The names of all mpath2 maps, sorted; free with mpdm_free_names().
 * A dm device whose UUID sysfs gives and that is another's (LVM-...,
 * see mpdm_uuid_maybe_ours()) is passed over with no ioctl; the others'
 * tables say whether they are mpath2 maps.
 */
int mpdm_list(char ***names, size_t *count, char *err, size_t errlen);

/*
 * One dm device that may be an mpath2 map (its sysfs UUID is ours or
 * unknown), with the kernel's count of its events (DM_DEVICE_LIST gives
 * it from dm ioctl 4.37 on: has_event) so that a caller re-reads only
 * the maps whose count moved. A table swap (RESUME) does not count as
 * an event: its "change" uevent says so.
 */
struct mpdm_entry {
	char name[MPDM_NAME_LEN];
	unsigned int major, minor;
	char uuid[MPDM_UUID_LEN + 1];	/* from sysfs, "" if unknown */
	unsigned int event_nr;
	int has_event;
};

#define MPDM_EVENT_NR_MINOR	37	/* dm ioctl 4.37 lists event numbers */

/*
 * Every dm device that may be an mpath2 map, in the kernel's order, with
 * one ioctl (DM_DEVICE_LIST) and no TABLE; free *@list with free().
 */
int mpdm_list_events(struct mpdm_entry **list, size_t *count, char *err,
		     size_t errlen);

/* Whether a map of dm UUID @uuid (NULL: unknown) may be an mpath2 map. */
int mpdm_uuid_maybe_ours(const char *uuid);

/* Where mpdm_list() reads UUIDs: "/sys"; NULL: nowhere (tests). */
void mpdm_set_sysfs(const char *root);
void mpdm_free_names(char **names, size_t count);

/*
 * udev cookies. Each create, resume and remove hands udev a cookie (a
 * SysV semaphore libdevmapper makes) that udev's dm rules complete once
 * the map's nodes and links are made; whoever waits on it destroys it.
 * The CLI waits within the call, so that it returns with the nodes
 * ready. The daemon calls mpdm_udev_defer(1): its checker loop must not
 * stop while udevd is slow or stuck, and nothing it does next needs the
 * nodes. Each cookie is then kept, up to MPDM_UDEV_MAX of them, and
 * released by mpdm_udev_poll() once udev has completed it; the loop
 * polls every tick while any is pending. A full list releases its
 * oldest without udev (completed by us, then destroyed: "forced"), so
 * that a stuck udevd neither blocks the daemon, nor refuses a reload,
 * nor leaks semaphores. Every kept cookie is released exactly once.
 */
#define MPDM_UDEV_MAX		256
#define MPDM_UDEV_DRAIN_STEP_MS	50

void mpdm_udev_defer(int on);
/* Release the cookies udev has completed: how many are still pending. */
size_t mpdm_udev_poll(void);
size_t mpdm_udev_pending(void);
/* How many cookies were released without udev's completion so far. */
unsigned long mpdm_udev_forced(void);
/*
 * At exit: poll until none is pending or @wait_ms have passed, then
 * force the rest. How many were forced.
 */
size_t mpdm_udev_drain(int wait_ms);

#endif
