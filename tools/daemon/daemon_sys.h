/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the daemon asks of the system, apart from its logic so that the
 * tests link tests/fake_daemon_sys.c instead (no ioctl, no netlink, no
 * mlockall under the sanitizers):
 *
 *   dm events     DM_DEV_ARM_POLL on a /dev/mapper/control of our own
 *                 (as multipath-tools' dmevents.c): poll() says POLLIN
 *                 once any map raised an event after the last arming
 *   udev          a libudev monitor of block disks; the "udev" source
 *                 when udevd runs, else the kernel's uevents directly
 *   hardening     mlockall(), oom_score_adj -1000
 *   sd_notify     READY=1 / RELOADING=1 / STOPPING=1 for Type=notify
 */
#ifndef MPATH2CTL_DAEMON_SYS_H
#define MPATH2CTL_DAEMON_SYS_H

#include <stddef.h>
#include <stdio.h>

/* An armed control fd, or -1 with a reason (old kernel: < dm 4.37). */
int daemon_sys_dmev_open(char *err, size_t errlen);
/* Arm @fd again (before reading the maps): 0 or -1 with a reason. */
int daemon_sys_dmev_arm(int fd, char *err, size_t errlen);

struct uev;

/* NULL with a reason if there is no way to hear of disks. */
struct uev *daemon_sys_uev_open(char *err, size_t errlen);
int daemon_sys_uev_fd(const struct uev *u);
/*
 * The next event for a SCSI disk or a dm device, if one is waiting: 1
 * with its action ("add", "remove", "change"...), name ("sdd", "dm-3")
 * and numbers; 0 if none;
 * -1 if the socket overflowed (ENOBUFS): events were lost, rescan.
 */
int daemon_sys_uev_next(struct uev *u, char *action, size_t alen, char *name,
	     size_t nlen, unsigned int *major, unsigned int *minor);
void daemon_sys_uev_close(struct uev *u);

/*
 * The soft RLIMIT_NOFILE up to the hard one: the checker keeps each
 * path's disk open (checker.h), 1,024 paths would fill the usual soft
 * limit of 1,024. What failed goes to @log.
 */
void daemon_sys_raise_nofile(FILE *log);

/*
 * Lock the memory the daemon touches (MCL_ONFAULT where the kernel has
 * it), shield from the OOM killer; what failed goes to @log.
 */
void daemon_sys_harden(FILE *log);

/* Tell systemd (Type=notify) @state, if NOTIFY_SOCKET is set. */
void daemon_sys_notify(const char *state);

#endif
