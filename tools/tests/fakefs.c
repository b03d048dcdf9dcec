// SPDX-License-Identifier: GPL-2.0-only
/* The fake trees of fakefs.h. */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakefs.h"

int fakefs_new(char *tmpl)
{
	return mkdtemp(tmpl) ? 0 : -1;
}

/* mkdir -p of @path's directories; the whole of @path if @all. */
static int make_dirs(char *path, int all)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && access(path, F_OK)) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return all && mkdir(path, 0755) && access(path, F_OK) ? -1 : 0;
}

int fakefs_mkdir(const char *root, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return make_dirs(path, 1);
}

int fakefs_write(const char *root, const char *rel, const void *data,
		 size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (make_dirs(path, 0))
		return -1;
	f = fopen(path, "w");
	if (!f)
		return -1;
	r = len && fwrite(data, 1, len, f) != len ? -1 : 0;
	return fclose(f) || r ? -1 : 0;
}

int fakefs_puts(const char *root, const char *rel, const char *s)
{
	return fakefs_write(root, rel, s, strlen(s));
}

int fakefs_link(const char *root, const char *rel, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (make_dirs(path, 0))
		return -1;
	return symlink(target, path);
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fakefs_remove(const char *root)
{
	if (root && root[0])
		nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
