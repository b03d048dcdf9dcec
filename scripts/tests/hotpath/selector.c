// SPDX-License-Identifier: GPL-2.0-only
/* Fixture: a selector op, found through its table, arms a timer. */
#include "fixture.h"

static int qx_select_path(void *ps)
{
	return mod_timer(ps, 1);
}

const struct selector_type qx_selector = { .select_path = qx_select_path };

int mpath2_map(void *ti, void *bio)
{
	return 0;
}

int mpath2_end_io(void *ti, void *bio, int *error)
{
	return 0;
}
