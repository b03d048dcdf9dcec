// SPDX-License-Identifier: GPL-2.0-only
/* Fixture: queue_work() (queue_work_on) takes the pool's lock. */
#include "fixture.h"

int mpath2_map(void *ti, void *bio)
{
	return 0;
}

int mpath2_end_io(void *ti, void *bio, int *error)
{
	return queue_work_on(0, ti, bio);
}
