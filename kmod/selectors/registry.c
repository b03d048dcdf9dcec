// SPDX-License-Identifier: GPL-2.0-only
/*
 * The selectors built into mpath2, found by their table name.
 *
 * Selectors are compiled into the target module rather than loaded as
 * modules of their own: their interface is private to mpath2, so there is
 * no ABI to keep between separately built modules, nothing to autoload
 * while a table is being constructed, and no module name that could ever
 * shadow dm-multipath's dm-round-robin and friends.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "selector.h"

static const struct mpath2_selector_type *const mpath2_selectors[] = {
	&mpath2_round_robin_selector,
	&mpath2_queue_length_selector,
	&mpath2_service_time_selector,
	&mpath2_historical_service_time_selector,
};

const struct mpath2_selector_type *mpath2_selector_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mpath2_selectors); i++)
		if (!strcmp(mpath2_selectors[i]->name, name))
			return mpath2_selectors[i];
	return NULL;
}
