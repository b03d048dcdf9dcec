/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A suspend that cannot hang a test: dm_suspend() runs in a thread of its
 * own, and a suspend still going after the bound is reported, not waited
 * for (the map is then left as it is: it cannot be torn down).
 */
#ifndef MPATH2_TEST_SUSPEND_H
#define MPATH2_TEST_SUSPEND_H

struct mapped_device;
struct test_suspend;

/* Start dm_suspend(@md, @flags) in a thread; NULL if that failed. */
struct test_suspend *test_dm_suspend_start(struct mapped_device *md,
					   unsigned int flags);
/* Has it returned yet? */
bool test_dm_suspend_done(struct test_suspend *s);
/*
 * Wait up to @msecs: dm_suspend()'s result, or -ETIMEDOUT (then @s is
 * left to the thread). @s is gone after this call either way.
 */
int test_dm_suspend_wait(struct test_suspend *s, unsigned int msecs);

/* Both at once: dm_suspend()'s result, or -ETIMEDOUT past @msecs. */
int test_dm_suspend_bounded(struct mapped_device *md, unsigned int flags,
			    unsigned int msecs);

#endif /* MPATH2_TEST_SUSPEND_H */
