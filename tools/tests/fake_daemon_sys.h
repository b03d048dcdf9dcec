/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What tests/fake_daemon_sys.c counts: the checks a command started,
 * by checker (every one answers down; none touches a disk).
 */
#ifndef MPATH2CTL_FAKE_DAEMON_SYS_H
#define MPATH2CTL_FAKE_DAEMON_SYS_H

extern int fake_tur_checks;	/* tur_io_check() calls */
extern int fake_dio_checks;	/* directio_io_check() calls */

/* Both back to 0. */
void fake_daemon_sys_reset(void);

#endif
