// SPDX-License-Identifier: GPL-2.0-only
/* PERSISTENT RESERVE IN/OUT through SG_IO (see pr_io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <scsi/sg.h>

#include "lib/pr_io.h"

#define SENSE_LEN	32

static int pr_send(const char *devnode, const unsigned char *cdb, int dir,
		void *buf, size_t len, unsigned int timeout_ms,
		struct pr_answer *a)
{
	unsigned char sense[SENSE_LEN] = { 0 };
	struct sg_io_hdr io;
	int fd;

	memset(a, 0, sizeof(*a));
	/*
	 * O_NONBLOCK: never wait for the open itself. The write access a PR
	 * OUT does not need; the kernel allows PR commands on a read-only
	 * open of a disk (CAP_SYS_RAWIO for commands it does not know).
	 */
	fd = open(devnode, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		a->outcome = PR_NOT_SENT;
		snprintf(a->why, sizeof(a->why), "%s: %s", devnode,
			 strerror(errno));
		return -1;
	}
	memset(&io, 0, sizeof(io));
	io.interface_id = 'S';
	io.dxfer_direction = dir;
	io.cmd_len = PR_CDB_LEN;
	io.cmdp = (unsigned char *)cdb;
	io.dxferp = buf;
	io.dxfer_len = (unsigned int)len;
	io.mx_sb_len = sizeof(sense);
	io.sbp = sense;
	io.timeout = timeout_ms;
	if (ioctl(fd, SG_IO, &io) < 0) {
		a->outcome = PR_NOT_SENT;
		snprintf(a->why, sizeof(a->why), "%s: SG_IO: %s", devnode,
			 strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	pr_classify(a, io.status, io.host_status, io.driver_status, sense,
		    io.sb_len_wr);
	if (dir == SG_DXFER_FROM_DEV && io.resid >= 0 && (size_t)io.resid <= len)
		a->len = len - (size_t)io.resid;
	return 0;
}

int pr_io_out(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	      const unsigned char param[PR_PARAM_LEN], unsigned int timeout_ms,
	      struct pr_answer *a)
{
	return pr_send(devnode, cdb, SG_DXFER_TO_DEV, (void *)param, PR_PARAM_LEN,
		    timeout_ms, a);
}

int pr_io_in(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	     unsigned char *buf, size_t len, unsigned int timeout_ms,
	     struct pr_answer *a)
{
	memset(buf, 0, len);
	return pr_send(devnode, cdb, SG_DXFER_FROM_DEV, buf, len, timeout_ms, a);
}
