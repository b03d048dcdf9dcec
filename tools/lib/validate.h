/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks on what the admin typed, before anything reaches libdevmapper.
 * Every function returns 0, or -1 with a one-line reason in @err; no
 * reason ever echoes a control character, so it stays one line.
 */
#ifndef MPATH2CTL_VALIDATE_H
#define MPATH2CTL_VALIDATE_H

#include <stddef.h>
#include <sys/stat.h>

#define MAP_NAME_MAX	127	/* DM_NAME_LEN (128) less its NUL */

/*
 * Non-empty, <= MAP_NAME_MAX bytes, no '/', no control characters, and
 * not ".", ".." or "control" (names /dev/mapper/ has for itself).
 */
int validate_map_name(const char *name, char *err, size_t errlen);

/* "major:minor", or a /dev/ path that stat()s to a block device. */
int validate_path_arg(const char *arg, unsigned int *major, unsigned int *minor,
		   char *err, size_t errlen);

/* The stat() half of validate_path_arg(), kept apart so tests can fake @st. */
int validate_devnum(const char *path, const struct stat *st,
		     unsigned int *major, unsigned int *minor,
		     char *err, size_t errlen);

/* A group number: decimal, 1..STATUS_MAX_COUNT. */
int validate_group_arg(const char *arg, unsigned int *num, char *err,
		    size_t errlen);

/* Copy up to 40 bytes of @s into @buf, '?' for anything unprintable. */
const char *validate_printable(const char *s, char *buf, size_t len);

#endif
