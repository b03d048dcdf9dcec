// SPDX-License-Identifier: GPL-2.0-only
/* A state file updated under its own lock (see lockedfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/lockedfile.h"

/* The directory of @path, made if missing (one level). */
static int make_dir(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX], *slash;

	if (strlen(path) >= sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int lockedfile_open(const char *path, mode_t mode, char *err, size_t errlen)
{
	struct stat a, b;
	int fd = -1, tries;

	if (make_dir(path, err, errlen))
		return -1;
	errno = 0;
	for (tries = 0; tries < 100; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode);
		if (fd < 0)
			break;
		if (flock(fd, LOCK_EX)) {
			close(fd);
			fd = -1;
			break;
		}
		if (!fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return fd;
		close(fd);
		fd = -1;
	}
	snprintf(err, errlen, "%s: %s", path, fd < 0 && errno ? strerror(errno) :
		 "replaced too often while waiting for its lock");
	return -1;
}

int lockedfile_replace(const char *path, mode_t mode,
		       void (*put)(FILE *f, const void *arg), const void *arg,
		       char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	FILE *f;
	int fd, r;

	r = snprintf(tmp, sizeof(tmp), "%s.new.%ld", path, (long)getpid());
	if (r < 0 || (size_t)r >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	put(f, arg);
	errno = 0;
	r = fflush(f) || ferror(f) || fsync(fileno(f));
	if (fclose(f) || r || rename(tmp, path)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		unlink(tmp);
		return -1;
	}
	return 0;
}
