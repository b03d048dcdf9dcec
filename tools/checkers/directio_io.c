// SPDX-License-Identifier: GPL-2.0-only
/* One O_DIRECT read of sector 0 (see directio_io.h). */
#define _GNU_SOURCE	/* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "checkers/directio.h"
#include "checkers/directio_io.h"

#define ALIGN	4096	/* O_DIRECT wants the buffer aligned: a page */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int directio_io_open(const char *devnode, char *why, size_t whylen)
{
	int fd = open(devnode, O_RDONLY | O_DIRECT | O_CLOEXEC);

	if (fd < 0)
		snprintf(why, whylen, "%s: %s", devnode, strerror(errno));
	return fd;
}

enum tur_state directio_io_check_fd(int fd, const char *devnode,
				    unsigned int timeout_ms, char *why,
				    size_t whylen)
{
	enum tur_state s;
	long long start;
	void *buf = NULL;
	int lbs = 0, err = 0;
	size_t bs;
	ssize_t n;

	bs = directio_block_size(ioctl(fd, BLKSSZGET, &lbs) ? -1 : lbs);
	if (posix_memalign(&buf, ALIGN, bs)) {
		snprintf(why, whylen, "%s: out of memory", devnode);
		return TUR_DOWN;
	}
	start = now_ms();
	n = pread(fd, buf, bs, 0);
	if (n < 0)
		err = errno;
	s = directio_decide(devnode, (long)n, err, bs, now_ms() - start,
			    timeout_ms, why, whylen);
	free(buf);
	return s;
}

enum tur_state directio_io_check(const char *devnode, unsigned int timeout_ms,
				 char *why, size_t whylen)
{
	enum tur_state s;
	int fd = directio_io_open(devnode, why, whylen);

	if (fd < 0)
		return TUR_DOWN;
	s = directio_io_check_fd(fd, devnode, timeout_ms, why, whylen);
	close(fd);
	return s;
}
