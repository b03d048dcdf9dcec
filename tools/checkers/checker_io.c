// SPDX-License-Identifier: GPL-2.0-only
/* The daemon's checker ops (see checker_io.h). */
#include <unistd.h>

#include "checkers/checker_io.h"
#include "checkers/directio_io.h"
#include "checkers/tur_io.h"
#include "lib/wwid.h"

static int open_for(const char *devnode, enum checker_kind kind, char *why,
		    size_t whylen)
{
	return kind == CHK_DIRECTIO ? directio_io_open(devnode, why, whylen) :
	       tur_io_open(devnode, why, whylen);
}

static enum tur_state check_on(int fd, enum checker_kind kind,
			       const char *devnode, unsigned int timeout_ms,
			       char *why, size_t whylen)
{
	return kind == CHK_DIRECTIO ?
	       directio_io_check_fd(fd, devnode, timeout_ms, why, whylen) :
	       tur_io_check_fd(fd, devnode, timeout_ms, why, whylen);
}

static void close_it(int fd)
{
	close(fd);
}

const struct checker_ops checker_io_kept_open = {
	.tur = tur_io_check,
	.vpd83 = scsi_io_read_vpd83,
	.directio = directio_io_check,
	.open = open_for,
	.check = check_on,
	.close = close_it,
};
