/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The directio checker's read (directio.h): blocking, so the checker
 * (checker.h) runs it on one of its workers, as it runs a TUR. Only
 * the real binary links this; the tests give the checker a
 * fake and never read a disk.
 */
#ifndef MPATH2CTL_DIRECTIO_IO_H
#define MPATH2CTL_DIRECTIO_IO_H

#include <stddef.h>

#include "checkers/tur.h"

/*
 * Open @devnode O_RDONLY | O_DIRECT, read one logical block (BLKSSZGET)
 * at offset 0 into an aligned buffer, and judge it (directio_decide())
 * against @timeout_ms. An open that fails is TUR_DOWN, with @why.
 */
enum tur_state directio_io_check(const char *devnode, unsigned int timeout_ms,
				 char *why, size_t whylen);

/* The same in two steps, for a device kept open across checks. */
int directio_io_open(const char *devnode, char *why, size_t whylen);
enum tur_state directio_io_check_fd(int fd, const char *devnode,
				    unsigned int timeout_ms, char *why,
				    size_t whylen);

#endif
