// SPDX-License-Identifier: GPL-2.0-only
/*
 * The path selectors known to mpath2, found by their table name (the
 * registry pattern of ../registry.h, shared with the hardware handlers).
 *
 * The built-in selectors are compiled into the target module rather than
 * loaded as modules of their own: their interface is private to mpath2,
 * so there is no ABI to keep between separately built modules, nothing to
 * autoload while a table is being constructed, and no module name that
 * could ever shadow dm-multipath's dm-round-robin and friends. They are
 * registered at module init; KUnit suites may register scripted ones.
 */
#include <linux/kernel.h>

#include "../registry.h"
#include "selector.h"

static struct mpath2_registry selectors = {
	.lock = __MUTEX_INITIALIZER(selectors.lock),
	.entries = LIST_HEAD_INIT(selectors.entries),
};

static const struct mpath2_selector_type *const builtin[] = {
	&mpath2_round_robin_selector,
	&mpath2_queue_length_selector,
	&mpath2_service_time_selector,
	&mpath2_historical_service_time_selector,
	&mpath2_io_affinity_selector,
};

int mpath2_selector_register(const struct mpath2_selector_type *type)
{
	return mpath2_registry_add(&selectors, type->name, type);
}

void mpath2_selector_unregister(const struct mpath2_selector_type *type)
{
	mpath2_registry_remove(&selectors, type);
}

const struct mpath2_selector_type *mpath2_selector_find(const char *name)
{
	return mpath2_registry_find(&selectors, name);
}

int mpath2_selectors_register(void)
{
	unsigned int i;
	int r;

	for (i = 0; i < ARRAY_SIZE(builtin); i++) {
		r = mpath2_selector_register(builtin[i]);
		if (r)
			goto unwind;
	}
	return 0;

unwind:
	while (i--)
		mpath2_selector_unregister(builtin[i]);
	return r;
}

void mpath2_selectors_unregister(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(builtin); i++)
		mpath2_selector_unregister(builtin[i]);
}
