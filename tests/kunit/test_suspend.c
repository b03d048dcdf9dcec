// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bounded suspends for tests: see test_suspend.h. The call's state is
 * allocated and shared by the caller and the thread; if the suspend never
 * returns, the thread keeps it, so a hung suspend costs a leak, never a
 * use after free.
 */
#include <linux/completion.h>
#include <linux/device-mapper.h>
#include <linux/kthread.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "test_suspend.h"

struct test_suspend {
	struct mapped_device *md;
	unsigned int flags;
	int r;
	refcount_t users;
	struct completion done;
};

static void put_call(struct test_suspend *s)
{
	if (refcount_dec_and_test(&s->users))
		kfree(s);
}

static int suspend_thread(void *data)
{
	struct test_suspend *s = data;

	s->r = dm_suspend(s->md, s->flags);
	complete(&s->done);
	put_call(s);
	return 0;
}

struct test_suspend *test_dm_suspend_start(struct mapped_device *md,
					   unsigned int flags)
{
	struct test_suspend *s = kzalloc(sizeof(*s), GFP_KERNEL);
	struct task_struct *t;

	if (!s)
		return NULL;
	s->md = md;
	s->flags = flags;
	refcount_set(&s->users, 2);
	init_completion(&s->done);
	t = kthread_run(suspend_thread, s, "mpath2-test-suspend");
	if (IS_ERR(t)) {
		kfree(s);
		return NULL;
	}
	return s;
}

bool test_dm_suspend_done(struct test_suspend *s)
{
	return completion_done(&s->done);
}

int test_dm_suspend_wait(struct test_suspend *s, unsigned int msecs)
{
	int r = -ETIMEDOUT;

	if (wait_for_completion_timeout(&s->done, msecs_to_jiffies(msecs)))
		r = s->r;
	put_call(s);
	return r;
}

int test_dm_suspend_bounded(struct mapped_device *md, unsigned int flags,
			    unsigned int msecs)
{
	struct test_suspend *s = test_dm_suspend_start(md, flags);

	return s ? test_dm_suspend_wait(s, msecs) : -ENOMEM;
}
