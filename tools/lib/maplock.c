// SPDX-License-Identifier: GPL-2.0-only
/* One lock per map (see maplock.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/maplock.h"

#define STEP_MS	10

const char *maplock_dir(void)
{
	const char *d = getenv("MPATH2_RUN_DIR");

	return d && d[0] == '/' ? d : MAPLOCK_DIR;
}

int maplock_take_in(const char *dir, const char *name, unsigned int wait_ms,
		    char *err, size_t errlen)
{
	struct timespec step = { 0, STEP_MS * 1000000L };
	char path[PATH_MAX];
	unsigned int waited = 0;
	int fd;

	if (!name[0] || strchr(name, '/') ||
	    (size_t)snprintf(path, sizeof(path), "%s/map-%s.lock", dir,
			     name) >= sizeof(path)) {
		snprintf(err, errlen, "%s: no lock file for that name", name);
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(err, errlen, "%s: flock: %s", path,
				 strerror(errno));
			close(fd);
			return -1;
		}
		if (waited >= wait_ms) {
			snprintf(err, errlen, "%s: another writer holds the map"
				 " (%s) for more than %u ms", name, path,
				 wait_ms);
			close(fd);
			return -1;
		}
		nanosleep(&step, NULL);
		waited += STEP_MS;
	}
	return fd;
}

int maplock_take(const char *name, char *err, size_t errlen)
{
	return maplock_take_in(maplock_dir(), name, MAPLOCK_WAIT_MS, err,
			       errlen);
}

void maplock_drop(int fd)
{
	if (fd >= 0)
		close(fd);	/* and the lock with it */
}
