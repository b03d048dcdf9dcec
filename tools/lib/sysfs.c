// SPDX-License-Identifier: GPL-2.0-only
/* Reading sysfs (see sysfs.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sysfs.h"

void sysfs_read_line(const char *dir, const char *file, char *buf,
		     size_t len)
{
	char path[PATH_MAX];
	size_t n;
	FILE *f;
	int r;

	buf[0] = '\0';
	r = snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (r < 0 || (size_t)r >= sizeof(path))
		return;
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
		     buf[n - 1] == '\t'))
		buf[--n] = '\0';
}

int sysfs_read_ull(const char *dir, const char *name, unsigned long long max,
		   unsigned long long *val, char *err, size_t errlen)
{
	char path[PATH_MAX], buf[32], *end;
	size_t n;
	FILE *f;
	int r;

	r = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (r < 0 || (size_t)r >= sizeof(path)) {
		snprintf(err, errlen, "sysfs path too long");
		return -1;
	}
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	errno = 0;
	*val = n && buf[0] >= '0' && buf[0] <= '9' ? strtoull(buf, &end, 10) : 0;
	if (!n || buf[0] < '0' || buf[0] > '9' || *end || errno || *val > max) {
		snprintf(err, errlen, "%s: not a number up to %llu", path, max);
		return -1;
	}
	return 0;
}

int sysfs_devname(const char *sysfs, unsigned int major, unsigned int minor,
		  char *buf, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;
	int r;

	if (!sysfs)
		return -1;
	r = snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sysfs, major,
		     minor);
	if (r < 0 || (size_t)r >= sizeof(link))
		return -1;
	/* The link ends in the device's name: .../block/sdb or .../sdb/sdb1. */
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return -1;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!*base || strlen(base) >= len)
		return -1;
	strcpy(buf, base);
	return 0;
}
