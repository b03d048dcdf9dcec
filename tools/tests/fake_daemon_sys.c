// SPDX-License-Identifier: GPL-2.0-only
/*
 * daemon_sys.c, tur_io.c and directio_io.c's stand-ins for the tests: no
 * dm ioctl, no netlink, no mlockall (the sanitizers' shadow memory), no
 * SG_IO, no disk read. Every TUR and every directio read answers
 * "down", as a disk that is not there would.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "daemon/daemon_sys.h"
#include "checkers/directio_io.h"
#include "fake_daemon_sys.h"
#include "checkers/tur_io.h"

int fake_tur_checks;
int fake_dio_checks;

void fake_daemon_sys_reset(void)
{
	fake_tur_checks = 0;
	fake_dio_checks = 0;
}

int daemon_sys_dmev_open(char *err, size_t errlen)
{
	snprintf(err, errlen, "no dm events in tests");
	return -1;
}

int daemon_sys_dmev_arm(int fd, char *err, size_t errlen)
{
	(void)fd;
	snprintf(err, errlen, "no dm events in tests");
	return -1;
}

struct uev *daemon_sys_uev_open(char *err, size_t errlen)
{
	snprintf(err, errlen, "no udev in tests");
	return NULL;
}

int daemon_sys_uev_fd(const struct uev *u)
{
	(void)u;
	return -1;
}

int daemon_sys_uev_next(struct uev *u, char *action, size_t alen, char *name,
	     size_t nlen, unsigned int *major, unsigned int *minor)
{
	(void)u;
	(void)action;
	(void)alen;
	(void)name;
	(void)nlen;
	(void)major;
	(void)minor;
	return 0;
}

void daemon_sys_uev_close(struct uev *u)
{
	(void)u;
}

void daemon_sys_harden(FILE *log)
{
	(void)log;
}

void daemon_sys_raise_nofile(FILE *log)
{
	(void)log;
}

void daemon_sys_notify(const char *state)
{
	(void)state;
}

/* The kept-open checks (checker_io.c): /dev/null stands for the disk. */
int tur_io_open(const char *devnode, char *why, size_t whylen)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		snprintf(why, whylen, "%s: /dev/null: %s", devnode,
			 strerror(errno));
	return fd;
}

int directio_io_open(const char *devnode, char *why, size_t whylen)
{
	return tur_io_open(devnode, why, whylen);
}

enum tur_state tur_io_check_fd(int fd, const char *devnode,
			       unsigned int timeout_ms, char *why,
			       size_t whylen)
{
	(void)fd;
	return tur_io_check(devnode, timeout_ms, why, whylen);
}

enum tur_state directio_io_check_fd(int fd, const char *devnode,
				    unsigned int timeout_ms, char *why,
				    size_t whylen)
{
	(void)fd;
	return directio_io_check(devnode, timeout_ms, why, whylen);
}

enum tur_state directio_io_check(const char *devnode, unsigned int timeout_ms,
				 char *why, size_t whylen)
{
	(void)timeout_ms;
	fake_dio_checks++;
	snprintf(why, whylen, "%s: no disk reads in tests", devnode);
	return TUR_DOWN;
}

enum tur_state tur_io_check(const char *devnode, unsigned int timeout_ms,
			    char *why, size_t whylen)
{
	(void)timeout_ms;
	fake_tur_checks++;
	snprintf(why, whylen, "%s: no SG_IO in tests", devnode);
	return TUR_DOWN;
}
