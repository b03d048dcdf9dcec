/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The prkeys file (/etc/mpath2/prkeys), where mpath2.conf's
 * "reservation_key file" keeps each LUN's SCSI-3 persistent reservation
 * key, as multipath-tools' prkeys file does: one "KEY WWID" line per LUN
 * (KEY as 0x<hex>), '#' comments. mpath2ctl persist --register writes a
 * map's key there and --unregister takes it out; the daemon reads it to
 * register new and returning paths (daemon/prkey.h).
 *
 * A change holds the file's lock (flock on the file, the one the path
 * names once locked) and replaces the file whole (a new file beside it,
 * renamed over), so a reader sees the old content or the new, never half.
 * A file with a line that is neither a comment nor "KEY WWID" is refused
 * and left as it is.
 */
#ifndef MPATH2_PRKEYS_H
#define MPATH2_PRKEYS_H

#include <stddef.h>
#include <stdint.h>

#define PRKEYS_FILE	"/etc/mpath2/prkeys"

/*
 * @wwid's key in file @path into *@key, 0 if it has none or the file is
 * not there. Returns 0, or -1 with why in @err (unreadable, a bad line).
 */
int prkeys_get(const char *path, const char *wwid, uint64_t *key, char *err,
	       size_t errlen);

/*
 * Set @wwid's key in file @path to @key; @key 0 takes its line out. The
 * directory is made if needed. Returns 1 if the file changed, 0 if it
 * already said so (nothing written), -1 with why in @err (then the file
 * is as it was).
 */
int prkeys_set(const char *path, const char *wwid, uint64_t key, char *err,
	       size_t errlen);

#endif
