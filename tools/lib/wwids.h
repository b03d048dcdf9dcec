/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wwids file, /etc/mpath2/wwids (multipath's /etc/multipath/wwids):
 * the LUNs this host keeps as mpath2 maps, one WWID a line as
 * `mpath2ctl wwid` prints it, '#' starts a comment. `is-path` claims their
 * disks before anyone else opens them (claim.h) and the daemon makes
 * their maps at boot and hotplug; discover and create add a WWID,
 * remove takes it out.
 *
 * Writers take flock(LOCK_EX) on the file, read it, write a new one
 * beside it and rename() it over: a reader (is-path, run by udev for
 * every disk) never takes a lock and always reads a whole file, the old
 * or the new.
 */
#ifndef MPATH2CTL_WWIDS_H
#define MPATH2CTL_WWIDS_H

#include <stddef.h>

#define WWIDS_FILE	"/etc/mpath2/wwids"

struct wwids {
	char **w;
	size_t nr;
};

/*
 * Parse @text. A line that is not one WWID vpd.h would print is refused
 * with "line N: reason" in @err (a WWID listed twice is kept once).
 * 0, or -1; wwids_free() is safe on @ws either way.
 */
int wwids_parse(const char *text, struct wwids *ws, char *err, size_t errlen);
/* The same from file @path; a missing file lists nothing. */
int wwids_load(const char *path, struct wwids *ws, char *err, size_t errlen);
void wwids_free(struct wwids *ws);

/* Whether @wwid is listed. */
int wwids_has(const struct wwids *ws, const char *wwid);

/*
 * Add @wwid to @path (made, with its directory, if need be), under the
 * lock: 1 if added, 0 if it was there, -1 with a reason in @err (the
 * file unchanged). A file that does not parse is never rewritten.
 */
int wwids_add(const char *path, const char *wwid, char *err, size_t errlen);

/* Take @wwid out: 1 if it was there, 0 if not, -1 as wwids_add(). */
int wwids_remove(const char *path, const char *wwid, char *err,
		 size_t errlen);

#endif
