/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small state file that several processes update (/etc/mpath2/wwids,
 * /etc/mpath2/prkeys): read-modify-write under an flock on the file
 * itself, the new content written beside it, synced and renamed over, so
 * that a reader never sees half a file and a writer never loses another's
 * change.
 */
#ifndef MPATH2CTL_LOCKEDFILE_H
#define MPATH2CTL_LOCKEDFILE_H

#include <stdio.h>
#include <sys/types.h>

/*
 * Open @path (created with @mode if missing, its directory too) and hold
 * its lock, on the file @path names once locked: a writer before us may
 * have renamed its new file over the one we opened. The fd (close() drops
 * the lock) or -1 with @err set.
 */
int lockedfile_open(const char *path, mode_t mode, char *err, size_t errlen);

/*
 * @path's new content, written by @put(@f, @arg) to a file beside it
 * (@mode), synced and renamed over @path. Call with the lock held. 0 or
 * -1 with @err set (the new file removed).
 */
int lockedfile_replace(const char *path, mode_t mode,
		       void (*put)(FILE *f, const void *arg), const void *arg,
		       char *err, size_t errlen);

#endif
