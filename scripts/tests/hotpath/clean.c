// SPDX-License-Identifier: GPL-2.0-only
/* Fixture for hotpath-selftest.sh: a hot path that calls only allowed code. */
#include "fixture.h"

static int rr_select_path(void *ps)
{
	return ktime_get() & 1;
}

const struct selector_type rr_selector = { .select_path = rr_select_path };

int mpath2_map(void *ti, void *bio)
{
	/* A data reference (as 6.12's pcpu_hot) is not a call. */
	return dm_per_bio_data(bio, 64) != 0 && some_counter;
}

int mpath2_end_io(void *ti, void *bio, int *error)
{
	if (*error)
		mpath2_fail_path(bio);	/* the declared slow path may lock */
	return 0;
}
