// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hardware handlers known to mpath2, found by their table name (the
 * registry pattern of ../registry.h). Handlers built into the module
 * register at module init; the KUnit suites register scripted ones.
 */
#include "../registry.h"
#include "hw_handler.h"

static struct mpath2_registry hw_handlers = {
	.lock = __MUTEX_INITIALIZER(hw_handlers.lock),
	.entries = LIST_HEAD_INIT(hw_handlers.entries),
};

int mpath2_hw_handler_register(const struct mpath2_hw_handler_type *type)
{
	return mpath2_registry_add(&hw_handlers, type->name, type);
}

void mpath2_hw_handler_unregister(const struct mpath2_hw_handler_type *type)
{
	mpath2_registry_remove(&hw_handlers, type);
}

const struct mpath2_hw_handler_type *mpath2_hw_handler_find(const char *name)
{
	return mpath2_registry_find(&hw_handlers, name);
}
