/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What tests/fake_pr_io.c gives in place of SG_IO for pr_io.c: one LUN
 * that keeps SPC-3 persistent reservation state, each device node an
 * I_T nexus of its own (a path), so that a test sees what a command sent
 * through some paths did to the LUN. A path can be made to answer
 * nothing, or to fail before sending.
 */
#ifndef MPATH2CTL_FAKE_PR_IO_H
#define MPATH2CTL_FAKE_PR_IO_H

#include <stdint.h>

#include "lib/pr.h"

#define FAKE_PR_NEXUS	4

struct fake_pr_nexus {
	const char *devnode;		/* "/dev/sdb", or NULL: unused slot */
	uint64_t key;			/* registered key, 0: none */
	enum pr_outcome force;		/* PR_GOOD: answer as the LUN would */
	int ua;				/* UNIT ATTENTIONs to answer first */
	int calls;			/* commands sent through it */
};

struct fake_pr_lun {
	struct fake_pr_nexus nexus[FAKE_PR_NEXUS];
	int reserved;
	uint64_t resv_key;
	unsigned int resv_type;
	int resv_holder;		/* index into nexus[] */
	uint32_t generation;
	unsigned int last_timeout_ms;
	/* pr_io_ioctl(): what it was asked, what it answers */
	char ioctl_node[64];
	int ioctl_op, ioctl_ret, ioctl_errno;
	uint64_t ioctl_key, ioctl_sa_key;
	unsigned int ioctl_type;
};

/* The LUN; reset gives it the nexuses /dev/sdb, /dev/sdc, /dev/sdi. */
extern struct fake_pr_lun fake_pr;

void fake_pr_reset(void);

/* The nexus of @devnode, or NULL. */
struct fake_pr_nexus *fake_pr_nexus(const char *devnode);

#endif
