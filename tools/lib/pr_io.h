/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PERSISTENT RESERVE IN and OUT through SG_IO on one path device, each
 * with a timeout (pr.h has the CDBs and reads the answers). Kept apart
 * from pr.c so that the tests link tests/fake_pr_io.c and send nothing.
 * Both fill @a (pr_classify()) and return 0 if the command got an answer
 * of any kind, -1 if it could not be sent (a->outcome PR_NOT_SENT).
 */
#ifndef MPATH2CTL_PR_IO_H
#define MPATH2CTL_PR_IO_H

#include <stddef.h>
#include <stdint.h>

#include "lib/pr.h"

/* PR OUT @cdb with its 24-byte parameter list @param. */
int pr_io_out(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	      const unsigned char param[PR_PARAM_LEN], unsigned int timeout_ms,
	      struct pr_answer *a);

/* PR IN @cdb into @buf (zeroed first); a->len: the bytes received. */
int pr_io_in(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	     unsigned char *buf, size_t len, unsigned int timeout_ms,
	     struct pr_answer *a);

/*
 * The block layer's PR ioctls (<linux/pr.h>) on @devnode, a mapped
 * device: dm core decides which paths see them (docs/dm-mpath2.rst), and
 * sd's own timeouts and retries apply, not ours.
 */
enum pr_io_op {
	PR_IOC_REGISTER,	/* PR_FL_IGNORE_KEY, @sa_key the new key */
	PR_IOC_RESERVE,
	PR_IOC_RELEASE,
	PR_IOC_PREEMPT,		/* @sa_key the victim's key */
	PR_IOC_PREEMPT_ABORT,
	PR_IOC_CLEAR,
};

/*
 * ioctl() @op with this host's @key, @sa_key and SCSI type @type (1, 3,
 * 5-8). Its return value in *@ret and errno in *@err_no: 0, or -1 if
 * @devnode could not be opened (the reason in @why).
 */
int pr_io_ioctl(const char *devnode, enum pr_io_op op, uint64_t key,
		uint64_t sa_key, unsigned int type, int *ret, int *err_no,
		char *why, size_t whylen);

#endif
