// SPDX-License-Identifier: GPL-2.0-only
/* The daemon's system calls (see daemon_sys.h). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <libudev.h>
#include <linux/dm-ioctl.h>

#include "daemon/daemon_sys.h"

#define DM_CONTROL	"/dev/mapper/control"
#define ARM_POLL_MINOR	37	/* the dm ioctl version that has it */
/*
 * The udev monitor's socket buffer: a rescan of 1,000 disks sends
 * thousands of events at once; multipathd and udevd ask 128 MiB too
 * (SO_RCVBUFFORCE, as root; past rmem_max otherwise refused).
 */
#define UEV_RCVBUF	(128 * 1024 * 1024)

int daemon_sys_dmev_arm(int fd, char *err, size_t errlen)
{
	struct dm_ioctl dmi;

	memset(&dmi, 0, sizeof(dmi));
	dmi.version[0] = DM_VERSION_MAJOR;
	dmi.version[1] = ARM_POLL_MINOR;
	dmi.data_size = sizeof(dmi);
	dmi.data_start = sizeof(dmi);
	if (ioctl(fd, DM_DEV_ARM_POLL, &dmi)) {
		snprintf(err, errlen, "%s: DM_DEV_ARM_POLL: %s", DM_CONTROL,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int daemon_sys_dmev_open(char *err, size_t errlen)
{
	int fd = open(DM_CONTROL, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", DM_CONTROL, strerror(errno));
		return -1;
	}
	if (daemon_sys_dmev_arm(fd, err, errlen)) {
		close(fd);
		return -1;
	}
	return fd;
}

struct uev {
	struct udev *udev;
	struct udev_monitor *mon;
};

struct uev *daemon_sys_uev_open(char *err, size_t errlen)
{
	struct uev *u = calloc(1, sizeof(*u));
	/* No udevd (an initramfs, a container): the kernel's own events. */
	const char *source = access("/run/udev/control", F_OK) ? "kernel" :
			     "udev";

	if (!u || !(u->udev = udev_new()) ||
	    !(u->mon = udev_monitor_new_from_netlink(u->udev, source)) ||
	    udev_monitor_filter_add_match_subsystem_devtype(u->mon, "block",
							    "disk") < 0 ||
	    udev_monitor_enable_receiving(u->mon) < 0) {
		snprintf(err, errlen, "udev monitor (%s events): %s", source,
			 strerror(errno ? errno : ENOMEM));
		daemon_sys_uev_close(u);
		return NULL;
	}
	/* A smaller buffer still works: ENOBUFS then says what was lost. */
	udev_monitor_set_receive_buffer_size(u->mon, UEV_RCVBUF);
	return u;
}

int daemon_sys_uev_fd(const struct uev *u)
{
	return udev_monitor_get_fd(u->mon);
}

int daemon_sys_uev_next(struct uev *u, char *action, size_t alen, char *name,
	     size_t nlen, unsigned int *major, unsigned int *minor)
{
	struct udev_device *d;
	const char *a, *n, *sub, *type;
	dev_t devt;
	int r = 0;

	errno = 0;
	while (!r && (d = udev_monitor_receive_device(u->mon))) {
		a = udev_device_get_action(d);
		n = udev_device_get_sysname(d);
		sub = udev_device_get_subsystem(d);
		type = udev_device_get_devtype(d);
		devt = udev_device_get_devnum(d);
		/*
		 * SCSI disks (sd<letters>, as discover takes them), and dm
		 * devices: a table swap is told by its "change" only.
		 */
		if (a && n && sub && type && !strcmp(sub, "block") &&
		    !strcmp(type, "disk") && (!strncmp(n, "sd", 2) ||
					      !strncmp(n, "dm-", 3))) {
			snprintf(action, alen, "%s", a);
			snprintf(name, nlen, "%s", n);
			*major = major(devt);
			*minor = minor(devt);
			r = 1;
		}
		udev_device_unref(d);
		errno = 0;
	}
	/* The socket overflowed: events are lost, the caller rescans. */
	if (!r && errno == ENOBUFS)
		return -1;
	return r;
}

void daemon_sys_uev_close(struct uev *u)
{
	if (!u)
		return;
	if (u->mon)
		udev_monitor_unref(u->mon);
	if (u->udev)
		udev_unref(u->udev);
	free(u);
}

void daemon_sys_raise_nofile(FILE *log)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		fprintf(log, "<4>RLIMIT_NOFILE: %s (past it, each check opens"
			" its disk)\n", strerror(errno));
}

void daemon_sys_harden(FILE *log)
{
	FILE *f;

	/*
	 * MCL_ONFAULT: lock the pages the daemon touches, not every page
	 * it maps; else each checker thread's whole stack is pinned.
	 */
	if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) &&
	    (errno != EINVAL || mlockall(MCL_CURRENT | MCL_FUTURE)))
		fprintf(log, "<4>mlockall: %s (the daemon may be paged out)\n",
			strerror(errno));
	f = fopen("/proc/self/oom_score_adj", "w");
	if (f && fputs("-1000\n", f) < 0) {
		fclose(f);
		f = NULL;
	}
	if (!f || fclose(f))
		fprintf(log, "<4>/proc/self/oom_score_adj: %s\n",
			strerror(errno));
}

void daemon_sys_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(sa.sun_path))
		return;
	strcpy(sa.sun_path, path);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';	/* an abstract socket */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			  strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL,
		   (struct sockaddr *)&sa, len) < 0)
		fprintf(stderr, "<4>sd_notify: %s\n", strerror(errno));
	close(fd);
}
