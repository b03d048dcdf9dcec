/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A suspend that cannot hang a test: dm_suspend() runs in a thread of its
 * own, and a suspend still going after the bound is reported, not waited
 * for (the map is then left as it is: it cannot be torn down).
 */
#ifndef MPATH2_TEST_SUSPEND_H
#define MPATH2_TEST_SUSPEND_H

struct mapped_device;

/* dm_suspend()'s result, or -ETIMEDOUT if it ran past @msecs. */
int test_dm_suspend_bounded(struct mapped_device *md, unsigned int flags,
			    unsigned int msecs);

#endif /* MPATH2_TEST_SUSPEND_H */
