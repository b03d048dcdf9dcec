// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a lock under unlikely(), moved by GCC into .text.unlikely and
 * reached through a relocation against that section.
 */
#include "fixture.h"

static __attribute__((noinline, cold)) void rare(void *bio)
{
	_raw_spin_lock(bio);
}

int mpath2_map(void *ti, void *bio)
{
	if (__builtin_expect(ti == bio, 0))
		rare(bio);
	return 0;
}

int mpath2_end_io(void *ti, void *bio, int *error)
{
	return 0;
}
