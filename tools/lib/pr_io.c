// SPDX-License-Identifier: GPL-2.0-only
/* PERSISTENT RESERVE IN/OUT through SG_IO (see pr_io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/pr.h>
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

/* SCSI's type codes to <linux/pr.h>'s enum pr_type; 0 for none. */
static unsigned int block_type(unsigned int type)
{
	switch (type) {
	case 1: return PR_WRITE_EXCLUSIVE;
	case 3: return PR_EXCLUSIVE_ACCESS;
	case 5: return PR_WRITE_EXCLUSIVE_REG_ONLY;
	case 6: return PR_EXCLUSIVE_ACCESS_REG_ONLY;
	case 7: return PR_WRITE_EXCLUSIVE_ALL_REGS;
	case 8: return PR_EXCLUSIVE_ACCESS_ALL_REGS;
	default: return 0;
	}
}

int pr_io_ioctl(const char *devnode, enum pr_io_op op, uint64_t key,
		uint64_t sa_key, unsigned int type, int *ret, int *err_no,
		char *why, size_t whylen)
{
	struct pr_registration reg = { .new_key = sa_key,
				       .flags = PR_FL_IGNORE_KEY };
	struct pr_reservation rsv = { .key = key, .type = block_type(type) };
	struct pr_preempt pre = { .old_key = key, .new_key = sa_key,
				  .type = block_type(type) };
	struct pr_clear clr = { .key = key };
	int fd;

	fd = open(devnode, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "%s: %s", devnode, strerror(errno));
		return -1;
	}
	errno = 0;
	switch (op) {
	case PR_IOC_REGISTER:
		*ret = ioctl(fd, IOC_PR_REGISTER, &reg);
		break;
	case PR_IOC_RESERVE:
		*ret = ioctl(fd, IOC_PR_RESERVE, &rsv);
		break;
	case PR_IOC_RELEASE:
		*ret = ioctl(fd, IOC_PR_RELEASE, &rsv);
		break;
	case PR_IOC_PREEMPT:
		*ret = ioctl(fd, IOC_PR_PREEMPT, &pre);
		break;
	case PR_IOC_PREEMPT_ABORT:
		*ret = ioctl(fd, IOC_PR_PREEMPT_ABORT, &pre);
		break;
	default:
		*ret = ioctl(fd, IOC_PR_CLEAR, &clr);
		break;
	}
	*err_no = errno;
	close(fd);
	return 0;
}
