// SPDX-License-Identifier: GPL-2.0-only
/*
 * Validation of command-line operands. mpath2ctl builds every message it
 * sends from the numbers these functions return, never from the text the
 * admin typed, so a message can only ever be "<word> <maj>:<min>" or
 * "<word> <N>".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "table/status.h"
#include "lib/validate.h"

const char *validate_printable(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && i < 40 && s[i]; i++)
		buf[i] = (s[i] >= 0x20 && s[i] <= 0x7e) ? s[i] : '?';
	if (len)
		buf[i] = '\0';
	return buf;
}

int validate_map_name(const char *name, char *err, size_t errlen)
{
	size_t i, len = strlen(name);

	if (!len) {
		snprintf(err, errlen, "empty map name");
		return -1;
	}
	if (len > MAP_NAME_MAX) {
		snprintf(err, errlen, "map name longer than %d characters",
			 MAP_NAME_MAX);
		return -1;
	}
	/* /dev/mapper/<name> must be a map's node of its own. */
	if (!strcmp(name, ".") || !strcmp(name, "..") ||
	    !strcmp(name, "control")) {
		snprintf(err, errlen, "map name '%s' is reserved (/dev/mapper/%s)",
			 name, name);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '/' || c < 0x20 || c == 0x7f) {
			snprintf(err, errlen,
				 "map name has a '/' or a control character");
			return -1;
		}
	}
	return 0;
}

int validate_devnum(const char *path, const struct stat *st,
		     unsigned int *major, unsigned int *minor,
		     char *err, size_t errlen)
{
	char q[48];

	if (!S_ISBLK(st->st_mode)) {
		snprintf(err, errlen, "%s is not a block device",
			 validate_printable(path, q, sizeof(q)));
		return -1;
	}
	*major = major(st->st_rdev);
	*minor = minor(st->st_rdev);
	if (*major > STATUS_MAX_MAJOR || *minor > STATUS_MAX_MINOR) {
		snprintf(err, errlen, "%s: device number out of range",
			 validate_printable(path, q, sizeof(q)));
		return -1;
	}
	return 0;
}

int validate_path_arg(const char *arg, unsigned int *major, unsigned int *minor,
		   char *err, size_t errlen)
{
	struct stat st;
	char q[48];

	if (arg[0] != '/') {
		if (!status_parse_devnum(arg, major, minor))
			return 0;
		snprintf(err, errlen,
			 "PATH '%s' is neither major:minor nor a /dev/ path",
			 validate_printable(arg, q, sizeof(q)));
		return -1;
	}
	if (strncmp(arg, "/dev/", 5) || strlen(arg) > 4095) {
		snprintf(err, errlen, "PATH '%s' is not under /dev/",
			 validate_printable(arg, q, sizeof(q)));
		return -1;
	}
	if (stat(arg, &st)) {
		snprintf(err, errlen, "%s: %s", validate_printable(arg, q, sizeof(q)),
			 strerror(errno));
		return -1;
	}
	return validate_devnum(arg, &st, major, minor, err, errlen);
}

int validate_group_arg(const char *arg, unsigned int *num, char *err,
		    size_t errlen)
{
	char q[48];

	if (!status_parse_uint(arg, STATUS_MAX_COUNT, num) && *num >= 1)
		return 0;
	snprintf(err, errlen, "GROUP '%s' is not a number 1..%d",
		 validate_printable(arg, q, sizeof(q)), STATUS_MAX_COUNT);
	return -1;
}
