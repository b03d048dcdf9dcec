// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_dm_suspend_bounded(): see test_suspend.h. The call's state is
 * allocated and, if the suspend never returns, left to the thread, so a
 * hung suspend costs a leak, never a use after free.
 */
#include <linux/completion.h>
#include <linux/device-mapper.h>
#include <linux/kthread.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "test_suspend.h"

struct suspend_call {
	struct mapped_device *md;
	unsigned int flags;
	int r;
	refcount_t users;
	struct completion done;
};

static void put_call(struct suspend_call *c)
{
	if (refcount_dec_and_test(&c->users))
		kfree(c);
}

static int suspend_thread(void *data)
{
	struct suspend_call *c = data;

	c->r = dm_suspend(c->md, c->flags);
	complete(&c->done);
	put_call(c);
	return 0;
}

int test_dm_suspend_bounded(struct mapped_device *md, unsigned int flags,
			    unsigned int msecs)
{
	struct suspend_call *c = kzalloc(sizeof(*c), GFP_KERNEL);
	struct task_struct *t;
	int r;

	if (!c)
		return -ENOMEM;
	c->md = md;
	c->flags = flags;
	refcount_set(&c->users, 2);
	init_completion(&c->done);
	t = kthread_run(suspend_thread, c, "mpath2-test-suspend");
	if (IS_ERR(t)) {
		kfree(c);
		return PTR_ERR(t);
	}
	if (wait_for_completion_timeout(&c->done, msecs_to_jiffies(msecs)))
		r = c->r;
	else
		r = -ETIMEDOUT;
	put_call(c);
	return r;
}
